import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

/** One process as /proc describes it. */
export interface ProcessInfo {
  readonly pid: number;
  readonly parentPid: number;
  readonly groupId: number;
  /** Arguments joined with spaces. */
  readonly commandLine: string;
}

/** Reads every process from /proc; processes that exit during the scan are left out. Linux only. */
export function listProcesses(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name in parentheses may contain spaces; the fields after it are fixed.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8")
        .split("\0")
        .join(" ")
        .trim();
      processes.push({
        pid: Number(entry),
        parentPid: Number(fields[1]),
        groupId: Number(fields[2]),
        commandLine,
      });
    } catch {
      // The process exited between listing and reading.
    }
  }
  return processes;
}

/** Returns every descendant of `pid`: children, their children, and so on. */
export function descendantsOf(pid: number): ProcessInfo[] {
  const processes = listProcesses();
  const found: ProcessInfo[] = [];
  const parents = [pid];
  while (parents.length > 0) {
    const parent = parents.pop();
    for (const info of processes) {
      if (info.parentPid === parent) {
        found.push(info);
        parents.push(info.pid);
      }
    }
  }
  return found;
}

/** Returns whether a process with this id exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] !== "Z";
  } catch {
    return false;
  }
}

/** Returns whether any process still belongs to the process group. */
export function groupExists(groupId: number): boolean {
  return listProcesses().some(
    (info) => info.groupId === groupId && isRunning(info.pid),
  );
}

/** Returns a port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port =
        typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Returns whether the port can be bound on 127.0.0.1 right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}
