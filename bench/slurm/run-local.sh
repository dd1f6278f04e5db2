#!/bin/bash
# A real Slurm on this one machine: installs Debian's slurm-wlm and munge,
# writes a single-node configuration, starts munged, slurmctld and slurmd
# (no systemd), submits a sweep as a job array plus a dependent merge job,
# waits, and checks that the merged result equals `sweep run --jobs`.
#
# Needs root (apt-get, /etc/slurm, the daemons). Run from anywhere:
#
#   bash bench/slurm/run-local.sh            # uses target/release/autopact
#   AUTOPACT=target/debug/autopact bash bench/slurm/run-local.sh
#
# It stops the daemons it started (by their process ids) when it ends and
# leaves ones that were already running alone. Exit 0 only if the results
# match byte for byte.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
bin=$(realpath "${AUTOPACT:-target/release/autopact}")
sweep=${SWEEP:-sweeps/north-america-2025.toml}
tasks=${TASKS:-4}
[ -x "$bin" ] || { echo "no autopact binary at $bin: cargo build --release -p autopact-cli" >&2; exit 2; }
say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
t0=$(date +%s)

if ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
fi

started=()
cleanup() {
  for p in "${started[@]}"; do
    kill "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT

pid_of() { [ -s "$1" ] && cat "$1" || true; }

# munge: a key, then the daemon.
if [ ! -s /etc/munge/munge.key ]; then
  mungekey -c
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge && chown munge:munge /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "starting munged"
  /usr/sbin/munged --force 2>/dev/null || runuser -u munge -- /usr/sbin/munged --force
  sleep 1
  started+=("$(pid_of /run/munge/munged.pid)")
fi
munge -n | unmunge >/dev/null && say "munge works"

# Slurm: one node, this machine, no cgroups, no accounting.
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(free -m | awk '/^Mem:/ {print $2}') * 9 / 10 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
conf=/etc/slurm/slurm.conf
if [ -e "$conf" ] && ! grep -q '^# autopact bench/slurm/run-local.sh' "$conf"; then
  echo "$conf exists and was not written by this script; not touching it" >&2
  exit 2
fi
cat > "$conf" <<CONF
# autopact bench/slurm/run-local.sh: a single-node test cluster
ClusterName=autopact
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ReturnToService=2
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
if ! scontrol ping 2>/dev/null | grep -q UP; then
  say "starting slurmctld"
  /usr/sbin/slurmctld
  sleep 1
  started+=("$(pid_of /run/slurmctld.pid)")
fi
if [ -z "$(pid_of /run/slurmd.pid)" ] || ! kill -0 "$(pid_of /run/slurmd.pid)" 2>/dev/null; then
  say "starting slurmd"
  /usr/sbin/slurmd
  sleep 1
  started+=("$(pid_of /run/slurmd.pid)")
fi
for _ in $(seq 30); do
  sinfo -h -o %t | grep -q idle && break
  scontrol update nodename="$host" state=resume 2>/dev/null || true
  sleep 1
done
sinfo
say "$(sinfo --version); $(munged --version 2>&1 | head -1)"

work=$(mktemp -d /tmp/autopact-slurm.XXXXXX)
say "sweep $sweep as a $tasks-task array (at most 2 running) in $work"
"$bin" sweep slurm "$sweep" --of "$tasks" --max-running 2 --out "$work/slurm" \
  --merge-format csv --mem 1G --time 00:10:00 --bin "$bin"
out=$(sh "$work/slurm/submit.sh")
echo "$out"
merge_job=$(echo "$out" | sed -n 's/.*merge job \([0-9]*\).*/\1/p')
for _ in $(seq 300); do
  state=$(scontrol show job "$merge_job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  case "$state" in
    COMPLETED) break ;;
    FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY)
      echo "merge job $merge_job: $state" >&2
      tail -n 20 "$work"/slurm/logs/*.out >&2 || true
      exit 1 ;;
  esac
  sleep 1
done
[ "$state" = COMPLETED ] || { echo "merge job did not finish in 300 s (state $state)" >&2; squeue; exit 1; }
say "array and merge done:"
for f in "$work"/slurm/logs/*.out; do echo "  $(basename "$f"): $(tail -n 1 "$f")"; done

say "the same sweep with --jobs 2 --of 3 on this machine"
"$bin" -q sweep run "$sweep" --jobs 2 --of 3 --out "$work/local"
"$bin" -q sweep merge "$work/local" --out "$work/local.csv"
if cmp "$work/slurm/merged.csv" "$work/local.csv"; then
  say "MATCH: $(wc -l < "$work/local.csv") lines, sha256 $(sha256sum < "$work/local.csv" | cut -c1-16)…, identical from Slurm ($tasks tasks) and --jobs 2 (3 shards); $(( $(date +%s) - t0 )) s in all"
else
  say "MISMATCH between $work/slurm/merged.csv and $work/local.csv" >&2
  exit 1
fi
