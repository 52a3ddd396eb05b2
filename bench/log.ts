// Progress goes to stderr, so that stdout holds only the tables.
export const log = (message: string) => process.stderr.write(`${message}\n`);
