import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * A single-node Slurm on this machine for the round-trip test: munged,
 * slurmctld and slurmd (Debian's slurm-wlm and munge), started as root with
 * a minimal slurm.conf naming this host, every file in a temporary folder,
 * on free ports, with no cgroups and no accounting. Stopped with scontrol
 * shutdown and munged --stop, then by the pids it wrote (never by name).
 */
export interface SlurmCluster {
  env: NodeJS.ProcessEnv
  dir: string
  stop(): void
}

const BINARIES = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/sinfo', '/usr/bin/scontrol']

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

function killPidFile(path: string): void {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim())
    if (Number.isInteger(pid) && pid > 1) process.kill(pid, 'SIGTERM')
  } catch {
    // already gone
  }
}

/** Starts the cluster, or returns the reason it cannot (one line) so the test can say so and skip. */
export async function startSlurm(): Promise<SlurmCluster | string> {
  if (process.platform !== 'linux') return 'Slurm test skipped: not Linux'
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'Slurm test skipped: the daemons must start as root and this is not root'
  const missing = BINARIES.filter((b) => !existsSync(b))
  if (missing.length) return `Slurm test skipped: ${missing.join(', ')} not installed (apt-get install -y slurm-wlm munge; .ci/run does)`
  // A short path: munge's socket path must fit in a sockaddr_un.
  const dir = mkdtempSync('/tmp/nw-slurm-')
  for (const sub of ['state', 'spool', 'log', 'munge', 'key']) mkdirSync(join(dir, sub), { recursive: true })
  chmodSync(join(dir, 'munge'), 0o755)
  chmodSync(join(dir, 'key'), 0o700)
  writeFileSync(join(dir, 'key', 'munge.key'), randomBytes(1024), { mode: 0o600 })
  const socket = join(dir, 'munge', 'socket')
  const [ctldPort, dPort] = [await freePort(), await freePort()]
  const host = hostname()
  const conf = join(dir, 'slurm.conf')
  writeFileSync(
    conf,
    [
      'ClusterName=nwtest',
      `SlurmctldHost=${host}`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${dPort}`,
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SchedulerType=sched/builtin',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'ReturnToService=2',
      `NodeName=${host} CPUs=2 State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  )
  const env = { ...process.env, SLURM_CONF: conf }
  const stop = () => {
    spawnSync('/usr/bin/scontrol', ['shutdown'], { env, timeout: 10_000 })
    spawnSync('/usr/sbin/munged', ['--stop', `--socket=${socket}`], { timeout: 10_000 })
    // Whatever did not stop on request.
    for (const f of ['slurmctld.pid', 'slurmd.pid', 'munge/pid']) killPidFile(join(dir, f))
    rmSync(dir, { recursive: true, force: true })
  }
  const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { env, timeout: 20_000, encoding: 'utf8' })
  const munged = run('/usr/sbin/munged', ['--force', `--socket=${socket}`, `--key-file=${dir}/key/munge.key`, `--log-file=${dir}/log/munged.log`, `--pid-file=${dir}/munge/pid`, `--seed-file=${dir}/munge/seed`])
  if (munged.status !== 0) {
    stop()
    return `Slurm test skipped: munged did not start (${(munged.stderr || munged.stdout || '').trim().split('\n')[0]})`
  }
  for (const d of ['/usr/sbin/slurmctld', '/usr/sbin/slurmd']) {
    const r = run(d, ['-f', conf])
    if (r.status !== 0) {
      stop()
      return `Slurm test skipped: ${d} did not start (${(r.stderr || r.stdout || '').trim().split('\n')[0] || `exit ${r.status}`})`
    }
  }
  // Ready when the node is idle.
  for (let i = 0; i < 60; i++) {
    const r = run('/usr/bin/sinfo', ['-h', '-o', '%t'])
    if (r.status === 0 && r.stdout.trim() === 'idle') return { env, dir, stop }
    await sleep(500)
  }
  let why = ''
  try {
    why = execFileSync('tail', ['-n', '2', join(dir, 'log', 'slurmctld.log')], { encoding: 'utf8' }).trim().replace(/\s+/g, ' ')
  } catch {
    // no log
  }
  stop()
  return `Slurm test skipped: the node never became idle within 30 s${why ? ` (${why})` : ''}`
}
