import assert from 'node:assert/strict';
import { parseFailedCalls } from '../../../src/verify/failed-file-calls.js';

describe('verify: failed calls from strace', () => {
  it('keeps the errors a patch can cause, with their path or socket address, once each', () => {
    const log = [
      '12 openat(AT_FDCWD, "/var/log/nginx/error.log", O_WRONLY|O_CREAT|O_APPEND, 0644) = -1 EROFS (Read-only file system)',
      '13 openat(AT_FDCWD, "/var/log/nginx/error.log", O_WRONLY|O_CREAT|O_APPEND, 0644) = -1 EROFS (Read-only file system)',
      '12 bind(6, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("0.0.0.0")}, 16) = -1 EACCES (Permission denied)',
      '14 chown("/var/lib/nginx/body", 33, -1) = -1 EPERM (Operation not permitted)',
      '14 setuid(33) = -1 EPERM (Operation not permitted)',
      '15 connect(3, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)',
      '15 read(3, 0x7ffd, 10) = -1 EAGAIN (Resource temporarily unavailable)',
    ].join('\n');
    assert.deepEqual(parseFailedCalls(log), [
      'openat "/var/log/nginx/error.log": EROFS (Read-only file system)',
      'bind 0.0.0.0:80: EACCES (Permission denied)',
      'chown "/var/lib/nginx/body": EPERM (Operation not permitted)',
      'setuid: EPERM (Operation not permitted)',
    ]);
  });
});
