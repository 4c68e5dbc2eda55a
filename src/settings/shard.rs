//! Which shard this copy of newsbind is, from `--shard`, the configured or given shard count
//! and the job index that Kubernetes Indexed Jobs and Slurm job arrays set. Pure: the
//! environment is passed in as a function.

use crate::batch::discover::Shard;
use crate::model::diag::Error;

/// Which shard this copy is: `--shard I/N` wins; otherwise, with a shard count (flag or
/// config, or `SLURM_ARRAY_TASK_COUNT`), the index comes from `JOB_COMPLETION_INDEX`
/// (Kubernetes, 0-based) or `SLURM_ARRAY_TASK_ID` (counted from `SLURM_ARRAY_TASK_MIN`).
/// `env` looks up an environment variable.
pub fn resolve_shard(
    flag: Option<&str>,
    count: Option<u32>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Shard>, Error> {
    if let Some(text) = flag {
        return Shard::parse(text).map(Some);
    }
    let number = |name: &str| -> Result<Option<u32>, Error> {
        match env(name).filter(|v| !v.trim().is_empty()) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Error::Usage(format!("{name} must be a whole number, got `{v}`"))),
        }
    };
    let count = match count {
        Some(n) => Some(n),
        None => number("SLURM_ARRAY_TASK_COUNT")?,
    };
    let Some(count) = count else {
        return Ok(None);
    };
    let zero_based = if let Some(i) = number("JOB_COMPLETION_INDEX")? {
        i
    } else if let Some(i) = number("SLURM_ARRAY_TASK_ID")? {
        i.checked_sub(number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0))
            .ok_or_else(|| {
                Error::Usage("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN".into())
            })?
    } else {
        return Err(Error::Usage(format!(
            "{count} shards are configured but nothing says which one this is: \
             pass --shard I/N or set JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID"
        )));
    };
    Shard::new(zero_based + 1, count).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn shard_comes_from_the_flag_else_the_job_index_with_a_count() {
        let s = |flag, count, vars: &[(&str, &str)]| resolve_shard(flag, count, env(vars));
        assert_eq!(s(None, None, &[]).unwrap(), None);
        assert_eq!(
            s(Some("2/3"), Some(5), &[("JOB_COMPLETION_INDEX", "0")]).unwrap(),
            Some(Shard::new(2, 3).unwrap())
        );
        assert_eq!(
            s(None, Some(4), &[("JOB_COMPLETION_INDEX", "0")]).unwrap(),
            Some(Shard::new(1, 4).unwrap())
        );
        let slurm = [
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ];
        assert_eq!(
            s(None, None, &slurm).unwrap(),
            Some(Shard::new(3, 3).unwrap())
        );
        assert_eq!(
            s(None, None, &[("JOB_COMPLETION_INDEX", "1")]).unwrap(),
            None
        );
        let e = s(None, Some(3), &[]).unwrap_err().to_string();
        assert!(e.contains("which one"), "{e}");
        assert!(s(None, Some(3), &[("JOB_COMPLETION_INDEX", "3")]).is_err());
    }
}
