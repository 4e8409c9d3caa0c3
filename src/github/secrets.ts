/**
 * The parts of a secret input to mask besides the whole value. The runner masks a value
 * only where it appears whole; a kubeconfig is printed line by line when anything echoes
 * it, so its credential fields are masked one by one as well.
 */
const CREDENTIAL_KEYS =
  /^\s*-?\s*(token|client-key-data|client-certificate-data|password|id-token|refresh-token|client-secret):\s*["']?([^"'\s]+)/;

export function secretParts(value: string): string[] {
  const parts = new Set<string>([value.trim()]);
  for (const line of value.split(/\r?\n/)) {
    const m = CREDENTIAL_KEYS.exec(line);
    if (m && m[2]!.length >= 8) parts.add(m[2]!);
  }
  return [...parts].filter(Boolean);
}
