#!/usr/bin/env bash
# The README's scale-out recipes, run for real: a Slurm job array on a one-node cluster that
# this script starts and stops itself, and the Kubernetes Indexed Job contract by hand.
#
#   scripts/slurm-e2e.sh CORPUS          (make test-corpus runs it over $NEWSBIND_CORPUS)
#
# The binary is $NEWSBIND_BIN (default target/release/newsbind). Everything the script makes
# (slurm.conf, munge key and socket, the daemons' state and logs, the outputs) is under one
# temporary folder, removed at the end; set NEWSBIND_E2E_KEEP=1 to keep it for a look.
#
# Slurm (Debian's slurm-wlm 22.05 and munge, installed when missing):
#  1. the job script is the README's text (the ```sh block under "### Slurm job array", only its
#     /shared/archive and /shared/books replaced), submitted as is: its #SBATCH lines hold,
#     `--array=1-4` and `--signal=TERM@120` among them. Two options are given on the command
#     line, which Slurm lets win over #SBATCH lines: `--cpus-per-task=1` (the recipe asks for 4,
#     this node has `nproc`) and where the task logs go;
#  2. once task 1 has committed its first articles it is sent SIGTERM by `scancel
#     --signal=TERM`; it must exit 143 with part of its shard done. `scontrol requeue` runs it again: each article it
#     had converted must be reported `unchanged` and its files left untouched (same inode and
#     mtime), none converted twice;
#  3. the README's dependent job (`sbatch --dependency=afterany:$JOBID --wrap 'newsbind
#     merge-reports …'`, its text from README.md) merges the shard reports;
#  4. the output tree equals, byte for byte, an unsharded run of the same input (same command,
#     same SOURCE_DATE_EPOCH); the merged report equals the unsharded one but for the articles
#     the requeue kept, which are `unchanged` there instead of `converted` (the script counts
#     and names them); exit codes as README documents them: 143 for the cancelled task, and for
#     every other task, the requeued one and the merge job 0, or 1 when its report has a failed
#     article (the corpus has one source that is not valid in any encoding).
# Kubernetes Indexed Job contract, without a cluster:
#  5. the README's container `args` (`--shards 4`), four processes with JOB_COMPLETION_INDEX
#     0..3 side by side, index 1 stopped by SIGTERM after its first articles and run again (as
#     `restartPolicy: OnFailure` does), then the README's `merge-reports` line; same checks.
#
# Daemons: munged, slurmctld and slurmd run in the foreground as this script's children, are
# stopped by their PIDs whatever happens (trap), and the script fails if the set of munged,
# slurmctld, slurmd and slurmstepd processes differs from the one before it started.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(realpath "${1:?usage: $0 CORPUS}")
bin=$(realpath "${NEWSBIND_BIN:-$repo/target/release/newsbind}")
[ -x "$bin" ] || { echo "slurm-e2e: no binary at $bin (cargo build --release)" >&2; exit 1; }
[ -d "$corpus" ] || { echo "slurm-e2e: no corpus folder at $corpus" >&2; exit 1; }
say() { echo "slurm-e2e: $*" >&2; }
fail() { echo "slurm-e2e: FAILED: $*" >&2; exit 1; }

# --- Slurm and munge from Debian, when missing -------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge from Debian"
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  # Debian's maintainer scripts would start the packages' own daemons; a policy-rc.d that says
  # 101 keeps them from it (when the machine has none of its own, only for the install).
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy"
  fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    slurm-wlm munge >/dev/null
  [ -z "$policy" ] || $sudo rm -f "$policy"
fi

daemons() { for d in munged slurmctld slurmd slurmstepd; do { pgrep -x "$d" || true; } | sed "s/^/$d /"; done | sort; }
before=$(daemons)

work=$(mktemp -d /tmp/newsbind-slurm-e2e.XXXXXX)
# munged wants every folder above its socket searchable by all (not readable).
chmod 711 "$work"
pids=()
cleanup() {
  local code=$?
  set +e
  if [ -n "${SLURM_CONF:-}" ] && [ ${#pids[@]} -gt 1 ]; then
    scancel --full --quiet --user="$(id -un)" 2>/dev/null
    for _ in $(seq 100); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  # Last started, first stopped: slurmd, slurmctld, munged.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null
    for _ in $(seq 100); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pids[i]}" 2>/dev/null
    wait "${pids[i]}" 2>/dev/null
  done
  for _ in $(seq 50); do [ "$(daemons)" = "$before" ] && break; sleep 0.2; done
  local after
  after=$(daemons)
  if [ "$after" != "$before" ]; then
    echo "slurm-e2e: FAILED: daemons before and after differ" >&2
    diff <(echo "$before") <(echo "$after") >&2
    code=1
  else
    say "stopped the daemons it started; the others as before: $(echo "$after" | grep -c . || true)"
  fi
  if [ "$code" -ne 0 ] && [ -d "$work/log" ]; then
    for f in "$work"/log/*; do echo "--- $f" >&2; tail -n 30 "$f" >&2; done
  fi
  if [ -n "${NEWSBIND_E2E_KEEP:-}" ]; then say "kept $work"; else rm -rf "$work"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$work"/{bin,log,state,spool,munge,job,k8s}
chmod 755 "$work/munge"
ln -s "$bin" "$work/bin/newsbind"
export PATH="$work/bin:$PATH"
export SOURCE_DATE_EPOCH=1700000000
t0=$(date +%s.%N)
elapsed() { python3 -c "import sys,time; print(f'{time.time()-float(sys.argv[1]):.1f}')" "$1"; }

# --- what the checks read ----------------------------------------------------------------------
# check.py: the tree, report and requeue comparisons, in one place.
cat >"$work/check.py" <<'PY'
import json, os, sys

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)

def tree(root):
    """Every output file under root, relative path -> bytes; state, reports and locks apart."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        if dirpath == root:
            dirs[:] = [d for d in dirs if d != ".newsbind"]  # the state databases
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if name.startswith(".newsbind") or (dirpath == root and name.startswith("report")):
                if name.startswith(".newsbind-tmp"):
                    sys.exit(f"a temporary file is left: {rel}")
                continue
            with open(os.path.join(dirpath, name), "rb") as f:
                out[rel] = f.read()
    return out

def shard_outputs(dry_run, archive, books):
    """The .epub paths the sources a dry run would convert write (records aside)."""
    paths = []
    for line in open(dry_run, encoding="utf-8"):
        if line.startswith("convert "):
            src = line[len("convert "):].strip()
            rel = os.path.relpath(src, archive)
            paths.append(os.path.join(books, os.path.splitext(rel)[0] + ".epub"))
    return paths

def converted(report):
    return {a["source"]: a for a in report["articles"] if a["status"] == "converted"}

def snapshot(report, books, dest):
    """inode, mtime and size of every file of the articles a report says were converted."""
    snap = {}
    for a in converted(load(report)).values():
        for o in a["outputs"]:
            st = os.stat(os.path.join(books, o))
            snap[o] = [st.st_ino, st.st_mtime_ns, st.st_size]
    json.dump(snap, open(dest, "w"))

def kept(cancelled, final, snap, books):
    """The rerun of a cancelled shard kept its finished articles: unchanged, files untouched."""
    c, f = load(cancelled), load(final)
    assert c.get("interrupted") == "SIGTERM", f"the cancelled report says interrupted={c.get('interrupted')!r}"
    assert f.get("interrupted") is None, "the rerun was interrupted"
    done = converted(c)
    by_source = {a["source"]: a for a in f["articles"]}
    assert done, "the cancelled run had converted nothing"
    assert len(done) < f["totals"]["converted"] + f["totals"]["unchanged"], \
        "the cancelled run had converted its whole shard: nothing was left to do"
    for source, a in done.items():
        b = by_source.get(source)
        assert b is not None, f"{source} is missing from the rerun's report"
        assert b["status"] == "unchanged", f"{source} was {b['status']} again after the rerun"
        assert b["outputs"] == a["outputs"], f"{source}: outputs {b['outputs']} != {a['outputs']}"
    for o, (ino, mtime, size) in load(snap).items():
        st = os.stat(os.path.join(books, o))
        assert [st.st_ino, st.st_mtime_ns, st.st_size] == [ino, mtime, size], f"{o} was rewritten"
    again = set(converted(f)) & set(done)
    assert not again, f"converted twice: {sorted(again)[:3]}"
    print(f"kept {len(done)} articles of the cancelled run (unchanged, files untouched); "
          f"converted {f['totals']['converted']} after it")

def same(whole_root, sharded_root, merged, kept_reports):
    """The sharded tree is the unsharded one; the merged report is the unsharded one but for
    the articles a rerun kept (unchanged instead of converted)."""
    a, b = tree(whole_root), tree(sharded_root)
    assert sorted(a) == sorted(b), f"files differ: only unsharded {sorted(set(a)-set(b))[:5]}, only sharded {sorted(set(b)-set(a))[:5]}"
    differ = [p for p in a if a[p] != b[p]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"
    w, m = load(os.path.join(whole_root, "report.json")), load(merged)
    keep = set()
    for r in kept_reports:
        keep |= set(converted(load(r)))
    wa = sorted(w["articles"], key=lambda x: x["source"])
    ma = m["articles"]
    assert [x["source"] for x in ma] == sorted(x["source"] for x in ma), "merged articles not sorted"
    assert [x["source"] for x in wa] == [x["source"] for x in ma], "the two reports list other sources"
    split = 0
    for x, y in zip(wa, ma):
        if x["source"] in keep:
            assert x["status"] == "converted" and y["status"] == "unchanged", (x, y)
            assert x["outputs"] == y["outputs"], (x, y)
            split += 1
        else:
            assert x == y, f"articles differ:\n{x}\n{y}"
    wt, mt = dict(w["totals"]), dict(m["totals"])
    assert mt["unchanged"] == split and mt["converted"] + split == wt["converted"], (wt, mt)
    mt["converted"] += split
    mt["unchanged"] -= split
    assert wt == mt, (wt, mt)
    assert w["orphans"] == m["orphans"] == [], (w["orphans"], m["orphans"])
    assert "interrupted" not in w and "interrupted" not in m
    print(f"{len(a)} files byte-identical; reports equal but for the requeue's split: "
          f"{split} articles unchanged (kept) instead of converted; totals {w['totals']}")

def expected_code(report):
    """README's exit codes for a finished run: 1 when an article failed, else 0."""
    return 1 if load(report)["totals"]["failed"] > 0 else 0

def recipe(readme, heading, fence):
    """The first fenced block of the given kind under a heading of README.md."""
    lines = open(readme, encoding="utf-8").read().split("\n")
    i = lines.index(heading)
    j = next(k for k in range(i, len(lines)) if lines[k] == fence)
    k = next(k for k in range(j + 1, len(lines)) if lines[k] == "```")
    return "\n".join(lines[j + 1:k]) + "\n"

def after(readme, heading, prefix):
    """The backticked command of the first line starting with prefix below a heading."""
    lines = open(readme, encoding="utf-8").read().split("\n")
    i = lines.index(heading)
    line = next(l for l in lines[i:] if l.startswith(prefix))
    return line.split("`")[1]

cmd = sys.argv[1]
if cmd == "shard-outputs":
    print("\n".join(shard_outputs(*sys.argv[2:5])))
elif cmd == "snapshot":
    snapshot(*sys.argv[2:5])
elif cmd == "kept":
    kept(*sys.argv[2:6])
elif cmd == "same":
    same(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
elif cmd == "expected-code":
    print(expected_code(sys.argv[2]))
elif cmd == "recipe":
    print(recipe(sys.argv[2], sys.argv[3], sys.argv[4]), end="")
elif cmd == "after":
    print(after(sys.argv[2], sys.argv[3], sys.argv[4]))
elif cmd == "args":
    # The container's args of the README's Indexed Job: a flow list on one `args:` line.
    block = recipe(sys.argv[2], "### Kubernetes Indexed Job", "```yaml")
    line = next(l for l in block.split("\n") if l.strip().startswith("args:"))
    print("\n".join(json.loads(line.split("args:", 1)[1])))
PY
check() { python3 "$work/check.py" "$@"; }

# waits until one of the files listed in $1 exists (the group that holds it is committed)
first_output() {
  local list=$1 deadline=$((SECONDS + 120))
  while ! python3 -c 'import os,sys; sys.exit(not any(os.path.exists(p.strip()) for p in open(sys.argv[1])))' "$list"; do
    [ $SECONDS -lt $deadline ] || fail "no output of the shard appeared in 120 s"
    sleep 0.02
  done
}
# job_field JOB FIELD: a field of `scontrol show job`, e.g. JobState or ExitCode
job_field() { scontrol -o show job "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
wait_job() {
  local deadline=$((SECONDS + 600))
  while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; do
    [ $SECONDS -lt $deadline ] || fail "job $1 still queued or running after 600 s"
    sleep 0.2
  done
}

# --- the reference: one unsharded run ------------------------------------------------------------
say "unsharded reference run over $corpus"
mkdir -p "$work/whole"
t=$(date +%s.%N)
set +e
(cd "$work/job" && newsbind convert "$corpus" -o "$work/whole" -j "$(nproc)" -q)
code=$?
set -e
[ "$code" -eq "$(check expected-code "$work/whole/report.json")" ] || fail "unsharded run exited $code"
whole_time=$(elapsed "$t")
say "unsharded: exit $code in $whole_time s"

# --- Slurm: a one-node cluster of our own -------------------------------------------------------
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge.key"
munged -F --key-file="$work/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munged.pid" --seed-file="$work/munged.seed" --log-file="$work/log/munged.log" \
  >"$work/log/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge/munge.socket" ] || fail "munged did not start"

ports=$(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))')
read -r ctld_port slurmd_port <<<"$ports"
node=$(hostname -s)
cat >"$work/slurm.conf" <<EOF
ClusterName=newsbind-e2e
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
PlugStackConfig=$work/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=3600
JobRequeue=1
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=e2e Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
: >"$work/plugstack.conf"
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -i >"$work/log/slurmctld.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.1; done
slurmd -D >"$work/log/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 150); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break; sleep 0.2; done
[ "$(sinfo -h -o %T)" = idle ] || fail "the node is not idle: $(sinfo -h -o '%T %E')"
say "cluster up: slurmctld :$ctld_port, slurmd :$slurmd_port, node $node with $(nproc) CPUs"

# 1. the README's job script, its paths ours
readme="$repo/README.md"
check recipe "$readme" "### Slurm job array" '```sh' >"$work/recipe.sh"
grep -q '^#SBATCH --array=1-4' "$work/recipe.sh" || fail "README's job script has no --array=1-4"
grep -q '^#SBATCH --signal=TERM@' "$work/recipe.sh" || fail "README's job script has no --signal=TERM@…"
[ "$(grep -c '/shared/archive\|/shared/books' "$work/recipe.sh")" -ge 1 ] || fail "README's job script names no /shared paths"
mkdir -p "$work/books"
sed -e "s#/shared/archive#$corpus#g" -e "s#/shared/books#$work/books#g" "$work/recipe.sh" >"$work/newsbind.sbatch"
shards=4
for i in $(seq 1 $shards); do
  newsbind convert --dry-run --shard "$i/$shards" "$corpus" -o "$work/job/none" >"$work/dry-$i.txt"
done
check shard-outputs "$work/dry-1.txt" "$corpus" "$work/books" >"$work/shard-1.list"

t=$(date +%s.%N)
jobid=$(cd "$work/job" && sbatch --parsable --cpus-per-task=1 --open-mode=append \
  --output="$work/log/task-%a.out" "$work/newsbind.sbatch")
jobid=${jobid%%;*}
say "submitted the README's job script as array job $jobid"

# 2. cancel task 1 with SIGTERM once it has committed its first articles, then requeue it
first_output "$work/shard-1.list"
# Slurm 22.05 may answer "Job can not be altered now" for an array task that it signals all
# the same; a second SIGTERM would mean "stop at once", so there is one, and the exit code tells.
scancel --signal=TERM "${jobid}_1" 2>"$work/log/scancel.err" || true
say "task 1 sent SIGTERM with $(python3 -c 'import os,sys; print(sum(os.path.exists(p.strip()) for p in open(sys.argv[1])))' "$work/shard-1.list") of its $(wc -l <"$work/shard-1.list") plain articles written"
for _ in $(seq 600); do
  state=$(job_field "${jobid}_1" JobState)
  case $state in RUNNING | PENDING | COMPLETING | SUSPENDED) sleep 0.1 ;; *) break ;; esac
done
cancelled_code=$(job_field "${jobid}_1" ExitCode)
[ "$cancelled_code" = "143:0" ] || fail "the cancelled task ended $state with ExitCode=$cancelled_code, not 143:0"
cp "$work/books/report.shard-1-of-4.json" "$work/cancelled-1.json"
check snapshot "$work/cancelled-1.json" "$work/books" "$work/snapshot-1.json"
say "task 1 ended $state, exit 143 (ExitCode=$cancelled_code); requeued"
scontrol requeue "${jobid}_1"
# Slurm holds a requeued job back for a while (Reason=BeginTime, about two minutes here, so that
# its node can clean up); a cluster would wait, the test lets it start now.
scontrol update JobId="${jobid}_1" StartTime=now

# 3. the README's dependent merge job
merge=$(check after "$readme" "### Slurm job array" 'Then `sbatch')
case $merge in *'$JOBID'*merge-reports*) ;; *) fail "README's merge job is not an afterany sbatch: $merge" ;; esac
merge=$(sed -e "s#/shared/books#$work/books#g" -e "s#^sbatch #sbatch --parsable --output=$work/log/merge.out #" <<<"$merge")
merge_id=$(cd "$work/job" && JOBID=$jobid bash -c "$merge")
merge_id=${merge_id%%;*}
wait_job "$jobid"
wait_job "$merge_id"
array_time=$(elapsed "$t")

# 4. compare
for i in $(seq 1 $shards); do
  want=$(check expected-code "$work/books/report.shard-$i-of-4.json")
  got=$(job_field "${jobid}_$i" ExitCode)
  [ "$got" = "$want:0" ] || fail "task $i: ExitCode=$got, README says $want for its report"
  say "task $i: ExitCode=$got, restarts $(job_field "${jobid}_$i" Restarts)"
done
want=$(check expected-code "$work/books/report.json")
got=$(job_field "$merge_id" ExitCode)
[ "$got" = "$want:0" ] || fail "merge job: ExitCode=$got, README says $want"
check kept "$work/cancelled-1.json" "$work/books/report.shard-1-of-4.json" "$work/snapshot-1.json" "$work/books"
check same "$work/whole" "$work/books" "$work/books/report.json" "$work/cancelled-1.json"
say "Slurm array of 4 (with the cancel and requeue) and merge job: $array_time s; unsharded: $whole_time s"

# 5. the Kubernetes Indexed Job contract: JOB_COMPLETION_INDEX by hand, the README's args
mapfile -t args < <(check args "$readme")
[ "${args[0]}" = convert ] && printf '%s\n' "${args[@]}" | grep -qx -- --shards || fail "README's container args are not a --shards convert: ${args[*]}"
for k in "${!args[@]}"; do
  args[k]=${args[k]//\/data\/input/$corpus}
  args[k]=${args[k]//\/data\/output/$work/k8s}
done
check shard-outputs "$work/dry-2.txt" "$corpus" "$work/k8s" >"$work/k8s-2.list"
t=$(date +%s.%N)
declare -A pod
for index in 0 1 2 3; do
  (cd "$work/job" && exec env JOB_COMPLETION_INDEX=$index newsbind "${args[@]}" >"$work/log/pod-$index.out" 2>&1) &
  pod[$index]=$!
done
# index 1 is shard 2/4: stopped while it works, then run again as restartPolicy: OnFailure does
first_output "$work/k8s-2.list"
kill -STOP "${pod[1]}"
kill -TERM "${pod[1]}"
kill -CONT "${pod[1]}"
for index in 0 1 2 3; do
  set +e; wait "${pod[$index]}"; code=$?; set -e
  report="$work/k8s/report.shard-$((index + 1))-of-4.json"
  if [ "$index" = 1 ]; then
    [ "$code" -eq 143 ] || fail "index 1 exited $code after SIGTERM, not 143"
    cp "$report" "$work/k8s-cancelled-2.json"
    check snapshot "$work/k8s-cancelled-2.json" "$work/k8s" "$work/k8s-snapshot-2.json"
    set +e
    (cd "$work/job" && JOB_COMPLETION_INDEX=1 newsbind "${args[@]}" >>"$work/log/pod-1.out" 2>&1)
    code=$?
    set -e
  fi
  [ "$code" -eq "$(check expected-code "$report")" ] || fail "index $index exited $code"
done
merge=$(check after "$readme" "### Kubernetes Indexed Job" 'Afterwards: `newsbind merge-reports')
merge=${merge//\/data\/output/$work/k8s}
set +e; (cd "$work/job" && bash -c "$merge"); code=$?; set -e
[ "$code" -eq "$(check expected-code "$work/k8s/report.json")" ] || fail "merge-reports exited $code"
k8s_time=$(elapsed "$t")
check kept "$work/k8s-cancelled-2.json" "$work/k8s/report.shard-2-of-4.json" "$work/k8s-snapshot-2.json" "$work/k8s"
check same "$work/whole" "$work/k8s" "$work/k8s/report.json" "$work/k8s-cancelled-2.json"
say "Indexed Job contract (4 processes, one SIGTERM and rerun, merge): $k8s_time s"
say "passed in $(elapsed "$t0") s"
