// Writes a CPU profile of every Node process it is loaded into, for `--cpu-prof` where Node refuses it in
// NODE_OPTIONS (so it also reaches the inference worker the CLI forks). Profiles go to $CPU_PROFILE_DIR.
//
//   CPU_PROFILE_DIR=/tmp/prof NODE_OPTIONS="--import=$PWD/bench/cpu-profile-hook.mjs" \
//     node bin/roundtable.js render script.txt -o out.wav
//   node bin/run-ts.js bench/profile-summary.ts /tmp/prof/*.cpuprofile
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  // On the main thread the inspector answers synchronously, so this works inside an 'exit' listener.
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `cpu-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  process.on('disconnect', write);
  for (const signal of ['SIGTERM', 'SIGINT'])
    process.on(signal, () => {
      write();
      process.exit(0);
    });
}
