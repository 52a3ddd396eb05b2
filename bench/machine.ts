import { cpus } from 'node:os';

// Printed and saved with every run: milliseconds from different machines cannot be compared.
export const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${process.platform}/${process.arch}`;
