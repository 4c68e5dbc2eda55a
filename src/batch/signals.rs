//! SIGINT/SIGTERM: the first one asks the run to stop taking new articles (those in flight
//! finish, then the report and manifest are written and the process exits 130/143); a second
//! one ends the process at once.
//!
//! `signal-hook` rather than `ctrlc`: the exit status must say which signal arrived (130 for
//! SIGINT, 143 for SIGTERM), and `signal-hook`'s flag handlers record the signal number with
//! only async-signal-safe atomics, with no thread of their own.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// Whether (and by which signal) the run was asked to stop.
#[derive(Debug, Clone, Default)]
pub struct Interrupt {
    signal: Arc<AtomicUsize>,
}

impl Interrupt {
    /// A flag no signal can set (for library callers and tests).
    pub fn never() -> Self {
        Interrupt::default()
    }

    /// Installs the SIGINT/SIGTERM handlers. Unix only; elsewhere nothing is installed.
    pub fn install() -> std::io::Result<Self> {
        let me = Interrupt::default();
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGINT, SIGTERM};
            use signal_hook::flag;
            let second = Arc::new(AtomicBool::new(false));
            for sig in [SIGINT, SIGTERM] {
                // Order matters: on the second signal the flag is already set and the
                // conditional shutdown exits; on the first it is not, and it gets set next.
                flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&second))?;
                flag::register(sig, Arc::clone(&second))?;
                flag::register_usize(sig, Arc::clone(&me.signal), sig as usize)?;
            }
        }
        Ok(me)
    }

    /// Asks the run to stop as if `signal` had arrived.
    pub fn raise(&self, signal: i32) {
        self.signal.store(signal as usize, Ordering::SeqCst);
    }

    /// The signal received, if any.
    pub fn received(&self) -> Option<i32> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            s => Some(s as i32),
        }
    }

    /// The signal's name for the report (`SIGINT`, `SIGTERM`).
    pub fn name(&self) -> Option<String> {
        self.received().map(|s| match s {
            2 => "SIGINT".to_string(),
            15 => "SIGTERM".to_string(),
            other => format!("signal {other}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_signal_is_remembered_by_name() {
        let i = Interrupt::never();
        assert_eq!(i.name(), None);
        i.clone().raise(15);
        assert_eq!(i.name().as_deref(), Some("SIGTERM"));
    }
}
