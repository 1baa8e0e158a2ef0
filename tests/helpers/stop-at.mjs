// Preloaded (node --import) into a CLI process by the store tests, to stop or kill a save at an exact moment
// without any timing: MLE_PREP_TEST_STOP_AT names the moment, MLE_PREP_TEST_STOP_MARKER the file that says it
// was reached (written aside and renamed, so the test never reads it half written).
//   append:<path>      stop (SIGSTOP) just before the first append to <path>; the test sends SIGCONT
//   rename:<path>      stop just before a file is renamed over <path>
//   tear:<path>        write half of the first append to <path>, then die (SIGKILL): a crash mid-save
//   readonly:<folder>  every write, folder or lock created in <folder> fails with EACCES, as in a read-only folder
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname } from 'node:path';

const marker = process.env.MLE_PREP_TEST_STOP_MARKER;
const [moment, target] = (process.env.MLE_PREP_TEST_STOP_AT ?? '').split(/:(.*)/s);
const original = { openSync: fs.openSync, renameSync: fs.renameSync, writeFileSync: fs.writeFileSync, writeSync: fs.writeSync };

function reached(detail) {
  if (!marker) return;
  original.writeFileSync(`${marker}.tmp`, detail);
  original.renameSync(`${marker}.tmp`, marker);
}

let done = false;
const appending = (path, flags) => !done && String(path) === target && typeof flags === 'number' && (flags & fs.constants.O_APPEND) !== 0;

if (moment === 'append' || moment === 'tear') {
  let tornFd;
  fs.openSync = function openSync(path, flags, mode) {
    const watched = appending(path, flags);
    if (watched && moment === 'append') {
      done = true;
      reached(String(path));
      process.kill(process.pid, 'SIGSTOP');
    }
    const fd = original.openSync.call(this, path, flags, mode);
    if (watched && moment === 'tear') {
      done = true;
      tornFd = fd;
    }
    return fd;
  };
  fs.writeSync = function writeSync(fd, buffer, ...rest) {
    if (fd === tornFd && Buffer.isBuffer(buffer)) {
      original.writeSync.call(this, fd, buffer.subarray(0, Math.floor(buffer.length / 2)));
      reached(String(target));
      process.kill(process.pid, 'SIGKILL');
    }
    return original.writeSync.call(this, fd, buffer, ...rest);
  };
}

if (moment === 'rename') {
  fs.renameSync = function renameSync(from, to) {
    if (!done && String(to) === target) {
      done = true;
      reached(`${from}\n${to}`);
      process.kill(process.pid, 'SIGSTOP');
    }
    return original.renameSync.call(this, from, to);
  };
}

if (moment === 'readonly') {
  const inside = (path) => String(path) === target || dirname(String(path)) === target;
  const denied = (path) => Object.assign(new Error(`EACCES: permission denied, '${path}'`), { code: 'EACCES', errno: -13, path: String(path) });
  const writes = (flags) =>
    typeof flags === 'number' ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0 : typeof flags === 'string' && /[wa+]/.test(flags);
  for (const name of ['mkdirSync', 'writeFileSync', 'renameSync', 'linkSync', 'copyFileSync', 'appendFileSync']) {
    const real = fs[name];
    fs[name] = function (path, ...rest) {
      // An existing read-only folder can still be "created" with { recursive: true }.
      if (name === 'mkdirSync' && String(path) === target && fs.existsSync(target)) return real.call(this, path, ...rest);
      if (inside(path) || (name === 'renameSync' || name === 'linkSync' || name === 'copyFileSync' ? inside(rest[0]) : false)) throw denied(path);
      return real.call(this, path, ...rest);
    };
  }
  fs.openSync = function openSync(path, flags, mode) {
    if (inside(path) && writes(flags)) throw denied(path);
    return original.openSync.call(this, path, flags, mode);
  };
  const mkdir = fs.mkdir;
  fs.mkdir = function (path, ...rest) {
    if (inside(path)) return rest.at(-1)(denied(path));
    return mkdir.call(this, path, ...rest);
  };
}

syncBuiltinESMExports();
