/**
 * tfjs bookkeeping per cell, so that an interrupted cell leaves tfjs as it found it. An interrupt can stop a cell
 * inside `tf.tidy` (or a kernel, or a gradient): tfjs's scope stack then stays open, and every tensor created later
 * outside `tidy` is tracked by that dead scope. While a cell runs, the tensors and variables it creates are noted
 * (the engine's `trackTensor` / `makeVariable`, patched on the engine instance, `globalThis._tfengine`); when the
 * cell is interrupted, the scopes it opened are ended (`engine.endScope`, which disposes what they tracked), the
 * kernel and gradient depths and the tape are restored, and its tensors and variables still alive are disposed, so
 * `tf.memory().numTensors` is back to its value before the cell. A cell that ends normally keeps everything.
 *
 * The list of a running cell's tensors drops disposed ones whenever it doubles (amortized O(1) per tensor), so a
 * long training loop that tidies its tensors keeps it short.
 */
"use strict";

/**
 * @typedef {{ scopeDepth: number, kernelDepth: number, gradientDepth: number, tape: unknown,
 *             dataMoves: number, tensors: Array<{ isDisposed: boolean, dispose(): void }>, limit: number }} CellMark
 */

function createTensorGuard() {
  /** @type {any} */
  let engine = null;
  /** @type {CellMark | null} */
  let active = null;

  /** @param {any} t a tensor or variable tfjs's engine just registered */
  function note(t) {
    const mark = active;
    if (!mark || !t) return;
    mark.tensors.push(t);
    if (mark.tensors.length > mark.limit) {
      mark.tensors = mark.tensors.filter((x) => !x.isDisposed);
      mark.limit = Math.max(1024, 2 * mark.tensors.length);
    }
  }

  /** Finds tfjs's engine (once the library or a cell has loaded tfjs) and patches it once. */
  function attach() {
    if (engine) return engine;
    const e = /** @type {any} */ (globalThis)._tfengine;
    if (!e || typeof e.trackTensor !== "function" || typeof e.makeVariable !== "function" || !e.state) return null;
    const trackTensor = e.trackTensor;
    /** @this {unknown} @param {unknown} a @param {unknown} backend */
    e.trackTensor = function (a, backend) {
      const r = trackTensor.call(this, a, backend);
      note(a);
      return r;
    };
    const makeVariable = e.makeVariable;
    /** @this {unknown} */
    e.makeVariable = function (/** @type {unknown[]} */ ...args) {
      const v = makeVariable.apply(this, args);
      note(v);
      return v;
    };
    engine = e;
    return engine;
  }

  /**
   * Starts noting the tensors of a cell.
   * @returns {CellMark | null} null when tfjs is not loaded
   */
  function begin() {
    const e = attach();
    if (!e) return (active = null);
    const s = e.state;
    active = {
      scopeDepth: s.scopeStack.length,
      kernelDepth: s.kernelDepth,
      gradientDepth: s.gradientDepth,
      tape: s.activeTape,
      dataMoves: s.numDataMovesStack.length,
      tensors: [],
      limit: 1024,
    };
    return active;
  }

  /** The cell ended normally: its tensors are the user's. */
  function end() {
    active = null;
  }

  /**
   * The cell was interrupted: ends the scopes it opened, restores the engine's depths, disposes its tensors.
   * @param {CellMark | null} mark what `begin` returned
   * @returns {{ scopes: number, tensors: number }} scopes ended and tensors/variables disposed
   */
  function cleanUp(mark) {
    active = null;
    if (!mark || !engine) return { scopes: 0, tensors: 0 };
    const s = engine.state;
    let scopes = 0;
    while (s.scopeStack.length > mark.scopeDepth) {
      try {
        engine.endScope();
      } catch {
        s.scopeStack.pop();
        s.activeScope = s.scopeStack.length ? s.scopeStack[s.scopeStack.length - 1] : null;
      }
      scopes++;
    }
    s.kernelDepth = mark.kernelDepth;
    s.gradientDepth = mark.gradientDepth;
    s.activeTape = mark.tape;
    s.numDataMovesStack.length = Math.min(s.numDataMovesStack.length, mark.dataMoves);
    let tensors = 0;
    for (const t of mark.tensors) {
      if (t.isDisposed) continue;
      try {
        t.dispose();
        tensors++;
      } catch {
        /* already gone with its backend */
      }
    }
    return { scopes, tensors };
  }

  return { begin, end, cleanUp };
}

module.exports = { createTensorGuard };
