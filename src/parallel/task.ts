/**
 * Where a sweep's function lives: a task names a module and one of its exports; this finds the module from the
 * caller's directory or from this library, and loads the function in this thread when a sweep runs serially.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as path from "node:path";

/** Where a sweep function lives: a module (path, `file://` URL or package name) and the name of its export. */
export interface ParallelTask {
  /** Absolute or cwd-relative path, `file://` URL, or package specifier such as `"landscape-lab"`. */
  module: string;
  /** The exported function's name; default `"default"`. */
  export?: string;
}

const requireHere = createRequire(__filename);

/** A task whose module file was found. */
export interface ResolvedTask {
  file: string;
  name: string;
}

/**
 * Finds a task's module: `"<module>#<export>"` or `{ module, export }`, resolved from the current directory, then from
 * this library.
 *
 * @throws Error naming `task` when it is malformed or its module cannot be found.
 */
export function resolveTask(task: string | ParallelTask): ResolvedTask {
  let spec: string;
  let name: string;
  if (typeof task === "string") {
    const hash = task.lastIndexOf("#");
    spec = hash >= 0 ? task.slice(0, hash) : task;
    name = hash >= 0 ? task.slice(hash + 1) : "default";
  } else if (task !== null && typeof task === "object" && typeof task.module === "string") {
    spec = task.module;
    name = task.export ?? "default";
  } else {
    throw new Error('task: expected "<module>#<export>" or { module, export } naming an exported function');
  }
  if (spec.trim() === "" || name.trim() === "") {
    throw new Error(
      `task: expected "<module>#<export>" with a non-empty module and export name, got "${String(task)}"`,
    );
  }
  if (spec.startsWith("file:")) spec = fileURLToPath(spec);
  const candidates: string[] = [];
  if (path.isAbsolute(spec)) candidates.push(spec);
  else if (spec.startsWith(".")) candidates.push(path.resolve(process.cwd(), spec));
  else candidates.push(spec);
  const fromCwd = createRequire(path.join(process.cwd(), "__parallel__.js"));
  const errors: string[] = [];
  for (const c of candidates) {
    for (const req of [fromCwd, requireHere]) {
      try {
        return { file: req.resolve(c), name };
      } catch (e) {
        errors.push(e instanceof Error ? e.message.split("\n")[0] : String(e));
      }
    }
  }
  throw new Error(`task: cannot find module "${spec}" (${errors[0] ?? "not found"})`);
}

/** TypeScript sources (the library's own modules under vitest) cannot be loaded by a worker thread. */
export const isTypeScriptSource = (file: string) => /\.[cm]?tsx?$/.test(file);

/** Loads the task's function in this thread (serial sweeps). */
export async function loadInThisThread(
  task: ResolvedTask,
): Promise<(item: unknown, index: number, shared: unknown) => unknown> {
  const req = createRequire(task.file);
  let mod: Record<string, unknown>;
  try {
    // A .ts module is only loadable through the test runner's own import() hook.
    mod = isTypeScriptSource(task.file)
      ? ((await import(pathToFileURL(task.file).href)) as Record<string, unknown>)
      : (req(task.file) as Record<string, unknown>);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_REQUIRE_ESM" || code === "ERR_REQUIRE_ASYNC_MODULE") {
      mod = (await import(pathToFileURL(task.file).href)) as Record<string, unknown>;
    } else {
      throw new Error(`task: cannot load "${task.file}": ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  }
  const direct = mod?.[task.name];
  const viaDefault = (mod?.default as Record<string, unknown> | undefined)?.[task.name];
  const fn = typeof direct === "function" ? direct : typeof viaDefault === "function" ? viaDefault : undefined;
  if (typeof fn !== "function") {
    throw new Error(`task: "${task.file}" has no function export "${task.name}"`);
  }
  return fn as (item: unknown, index: number, shared: unknown) => unknown;
}
