import { randomBytes, createSecretKey } from 'node:crypto';
import { aeadSeal, aeadOpen } from '../../electron/vault/aead';
const key = randomBytes(32);
const sealed = aeadSeal(key, 'sk-bench-openai-0000000000000000', 'master-key-file');
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < 20000; i++) aeadOpen(key, sealed, 'master-key-file');
  const c = process.cpuUsage(c0);
  console.log(`aeadOpen: ${((performance.now() - t0) * 1000 / 20000).toFixed(2)} µs wall, ${((c.user + c.system) / 20000).toFixed(2)} µs cpu`);
}
