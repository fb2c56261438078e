// Preloaded into Azurite started by tests: the test process holds Azurite's standard input open, so when that
// process ends, however it ends (even killed), the input closes and Azurite exits with it instead of lingering.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
// Not a reason on its own to keep running: a gracefully stopped Azurite still exits once its servers close.
process.stdin.unref();
