/**
 * Input from the notebook (Jupyter's stdin channel): a cell asks for a line and waits for it, like Python's
 * `input()` and `getpass()`. In the project's kernel the front end shows the prompt with an input box (hidden text
 * for {@link password}); the kernel also offers a global `prompt(message, default)` and readline on
 * `process.stdin`. The kernel provides the bridge `globalThis[Symbol.for("landscape-lab.jupyter.stdin")]`.
 */

interface StdinBridge {
  input(prompt: string, password: boolean): string;
}

const STDIN_KEY = Symbol.for("landscape-lab.jupyter.stdin");

function bridge(what: string): StdinBridge {
  const b = (globalThis as Record<symbol, unknown>)[STDIN_KEY];
  if (!b || typeof (b as StdinBridge).input !== "function") {
    throw new Error(`${what}: needs the landscape-lab Jupyter kernel (no notebook to ask outside it)`);
  }
  return b as StdinBridge;
}

/**
 * Asks the notebook for a line of text and returns it (without the newline). Blocks the cell until the user
 * answers; an interrupt ends the wait with an error.
 *
 * @param prompt - text shown before the input box.
 * @throws Error when not running in the kernel, when the client did not allow stdin (e.g. nbconvert runs), or when
 *   `prompt` is not a string.
 */
export function input(prompt = ""): string {
  if (typeof prompt !== "string") throw new Error(`prompt: expected a string, got ${typeof prompt}`);
  return bridge("input").input(prompt, false);
}

/**
 * Asks the notebook for a secret (a password input box: the text typed is not shown, nor echoed to the output).
 *
 * @param prompt - text shown before the input box.
 * @throws Error as {@link input}.
 */
export function password(prompt = "Password: "): string {
  if (typeof prompt !== "string") throw new Error(`prompt: expected a string, got ${typeof prompt}`);
  return bridge("password").input(prompt, true);
}
