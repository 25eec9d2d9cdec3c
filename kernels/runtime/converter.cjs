// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- the kernel type check takes files as they become clean
// @ts-nocheck -- not yet strict-clean; see kernels/README.md, "Type check"
"use strict";
/**
 * The kernel's TypeScript converter: one TypeScript program per cell instead of tslab's four.
 *
 * DERIVED FROM tslab 1.0.22, node_modules/tslab/dist/converter.js (its `createConverter` and the helpers it uses).
 * tslab: Copyright 2019 Yu Watanabe. All rights reserved. Licensed under the Apache License, Version 2.0 (the
 * "License"); you may not use this file except in compliance with the License. You may obtain a copy of the License
 * at http://www.apache.org/licenses/LICENSE-2.0 (a copy ships as node_modules/tslab/LICENSE). Unless required by
 * applicable law or agreed to in writing, software distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the specific language
 * governing permissions and limitations under the License.
 *
 * Changes made by landscape-lab (marked `CHANGED` below; everything else is tslab's code, reformatted):
 * - tslab's watch program created an EmitAndSemanticDiagnosticsBuilderProgram per build. Its BuilderState walks the
 *   imports of EVERY file in the program (through a type checker of its own) on each build: with the library's
 *   declarations and @types/node loaded, that was ~20 ms of a cell's time. Here the watch host creates a plain
 *   `ts.createProgram` (reusing the previous program, as the builder did) behind the few builder methods used.
 * - tslab built the program twice per cell: once to read the cell's top-level locals, then again with
 *   `export {…locals}` appended. The locals now come from parsing and binding the cell alone (`topLevelLocals`), so
 *   the suffix goes into the first and only build.
 * - `getAllDependencies` of the builder is replaced by a walk over resolved imports, `/// <reference>`s and type
 *   reference directives (`getAllSrcDependencies`), computed once per cell.
 * - A cell is emitted as CommonJS in its one emit: TypeScript's CommonJS module transform runs right after tslab's
 *   `after` transform (`getCustomTransformers(…, commonJS)`), instead of printing the ES module output and
 *   transpiling it (`esModuleToCommonJSModule`: parse, bind, transform and print again, ~1–1.5 ms). Same code, byte
 *   for byte; cells with enums, namespaces, decorators or JSX anywhere, and side modules, keep tslab's two steps
 *   (`emitsCommonJSDirectly`).
 * - The ES module → CommonJS transpile of an output (the two steps) is cached (`esModuleToCommonJSModule`, last 64
 *   inputs).
 * - `remainingDecls` prints the earlier cells' kept declarations statement by statement and reuses the text printed
 *   in the previous cell for the same statement (same source text, same names kept) instead of printing the whole
 *   `__prev__.d.ts` again (`printer.printFile`); the concatenation is the same text.
 * - Module paths: tslab's own files are found from node_modules/tslab (`__dirname` of the original).
 * - `options.globalDeclarations`: declarations of the kernel's globals (a virtual root file).
 * - The watch host's timers: any number pending (tslab allowed one and threw on a second, which a change to a real
 *   file between cells — `npm install`, a touched package.json — caused), all run at the next build.
 * Exported: `createConverter` (same options, same returned API as tslab's: convert, inspect, complete, addModule,
 * close), tslab's unchanged `isCompleteCode`, and `emitsCommonJSDirectly` (for tests).
 */
const nodePath = require("node:path");

const TSLAB = require("./versions.cjs").tslabDir();
const TSLAB_DIST = nodePath.join(TSLAB, "dist");
const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [TSLAB] }));
const semver = require(require.resolve("semver", { paths: [TSLAB] }));
const { isValidModuleName } = require(nodePath.join(TSLAB_DIST, "util.js"));
const { normalizeJoin } = require(nodePath.join(TSLAB_DIST, "tspath.js"));
// Unchanged helpers of tslab's converter module (loading it also sets ts.sys.useCaseSensitiveFileNames, see below).
const { isCompleteCode, esModuleToCommonJSModule: tslabEsModuleToCommonJSModule, keepNamesInImport } = require(
  nodePath.join(TSLAB_DIST, "converter.js"),
);

/**
 * CHANGED (new): tslab's ES module → CommonJS transpile (a `ts.transpileModule`, ~1 ms) remembered for the last 64
 * distinct inputs (a pure function of them): a cell run again (`1+1`, a re-run after an edit elsewhere) skips it.
 */
const cjsCache = new Map();
function esModuleToCommonJSModule(js, target) {
  const key = target + "\0" + js;
  let out = cjsCache.get(key);
  if (out === undefined) {
    out = tslabEsModuleToCommonJSModule(js, target);
    if (cjsCache.size >= 64) cjsCache.delete(cjsCache.keys().next().value);
  } else {
    cjsCache.delete(key);
  }
  cjsCache.set(key, out);
  return out;
}

/**
 * CHANGED (new): whether a cell can be emitted as CommonJS in one emit (TypeScript's CommonJS transform chained after
 * tslab's `after` transform) with exactly the code of tslab's two steps (ES module output, printed, then
 * `esModuleToCommonJSModule`). The two differ only where TypeScript's own transforms synthesize declarations that
 * the CommonJS transform treats differently from the same code re-parsed: enums and namespaces (their exports are
 * assigned in another place), decorators (`__decorate` and its export; helpers printed in another place), and what
 * never emits in a cell (`import x = require()`, `export =`) or never occurs in one (JSX, a `.tsx` side module). A
 * cell with any of them anywhere keeps tslab's two steps. `test/kernel-converter.test.ts` compares the outputs with
 * tslab's converter, cell by cell.
 */
const TS_OR_DECORATORS = ts.TransformFlags.ContainsTypeScript | ts.TransformFlags.ContainsDecorators;
function emitsCommonJSDirectly(sourceFile) {
  if (sourceFile.languageVariant !== ts.LanguageVariant.Standard) {
    return false;
  }
  const twoSteps = (node) => {
    switch (node.kind) {
      case ts.SyntaxKind.ExportAssignment:
        if (node.isExportEquals) {
          return true;
        }
        break;
      case ts.SyntaxKind.EnumDeclaration:
      case ts.SyntaxKind.ModuleDeclaration:
      case ts.SyntaxKind.Decorator:
      case ts.SyntaxKind.ImportEqualsDeclaration:
      case ts.SyntaxKind.JsxElement:
      case ts.SyntaxKind.JsxSelfClosingElement:
      case ts.SyntaxKind.JsxFragment:
        return true;
    }
    // Enums, namespaces, decorators and the rest above set these flags on every node that contains them.
    return (
      (node.transformFlags & (TS_OR_DECORATORS | ts.TransformFlags.ContainsJsx)) !== 0 &&
      !!ts.forEachChild(node, twoSteps)
    );
  };
  return !ts.forEachChild(sourceFile, twoSteps);
}

// Enable this flag not only in sys instance in createConverter but
// in the entire process to change the behavior watch with ts.sys.watchFile.
// This workaround is necessary to fix #82.
ts.sys.useCaseSensitiveFileNames = true;
function asMutable(o) {
  return o;
}
const cancellationToken = {
  isCancellationRequested: () => false,
  throwIfCancellationRequested: () => {},
};
function getTranspileTargets() {
  // TODO(yunabe): Update this rule when new Node.js rules are released.
  // References:
  // https://github.com/microsoft/TypeScript/wiki/Node-Target-Mapping
  // https://github.com/microsoft/TypeScript/issues/22306#issuecomment-412266626
  // https://github.com/microsoft/TypeScript/blob/master/src/lib/es2019.full.d.ts
  const nodeVersion = semver.major(process.version);
  if (nodeVersion >= 18) {
    return { target: ts.ScriptTarget.ES2022, lib: ["es2022"] };
  }
  if (nodeVersion >= 16) {
    return { target: ts.ScriptTarget.ES2021, lib: ["es2021"] };
  }
  if (nodeVersion >= 14) {
    return { target: ts.ScriptTarget.ES2020, lib: ["es2020"] };
  }
  if (nodeVersion >= 12) {
    return { target: ts.ScriptTarget.ES2019, lib: ["es2019"] };
  }
  return { target: ts.ScriptTarget.ES2018, lib: ["es2018"] };
}
function createConverter(options) {
  const cwd = ts.sys.getCurrentDirectory();
  const srcFilename = normalizeJoin(
    cwd,
    (options === null || options === void 0 ? void 0 : options.isJS) ? "__tslab__.js" : "__tslab__.ts",
  );
  const declFilename = normalizeJoin(cwd, "__prev__.d.ts");
  const rootFiles = new Set([declFilename, srcFilename]);
  const outDir = "outDir";
  const dstFilename = normalizeJoin(outDir, "__tslab__.js");
  const dstDeclFilename = normalizeJoin(outDir, "__tslab__.d.ts");
  const { target: transpileTarget, lib: transpileLib } = getTranspileTargets();
  if (options === null || options === void 0 ? void 0 : options.isBrowser) {
    transpileLib.push("dom");
    transpileLib.push("dom.iterable");
  }
  /**
   * A prefix to sources to handle sources as external modules
   * > any file containing a top-level import or export is considered a module.
   * > https://www.typescriptlang.org/docs/handbook/modules.html#introduction
   */
  const srcPrefix = "export {};" + ts.sys.newLine;
  /** Used in adjustSrcFileOffset */
  const srcPrefixOffsets = {
    offset: srcPrefix.length,
    line: (srcPrefix.match(/\n/g) || []).length,
    char: srcPrefix.length - (srcPrefix.lastIndexOf("\n") + 1),
  };
  let srcContent = "";
  let declContent = "";
  /** CHANGED (new): see `remainingDecls`. */
  const declPrinter = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  let declPrintCache = new Map();
  /** Check if external .ts files are converted. */
  const sideInputsConverted = new Set();
  let builder = null;
  const sys = Object.create(ts.sys);
  sys.getCurrentDirectory = function () {
    return cwd;
  };
  // CHANGED: tslab kept one pending timer and threw on a second ("Unexpected pending rebuildTimer") or on clearing
  // another. TypeScript's watch keeps several debounce timers (the program update, the invalidation of failed
  // module lookups, …), and the watchers of real files (package.json files, node_modules, a rebuilt dist/) schedule
  // them at any time, e.g. during an `npm install` in another terminal. All are kept pending here and run, in order,
  // at the next build (`runPendingTimers`); nothing runs between cells.
  const pendingTimers = new Map();
  let nextTimerId = 1;
  sys.setTimeout = (callback, _ms, ...args) => {
    const id = { timer: nextTimerId++ };
    pendingTimers.set(id, () => callback(...args));
    return id;
  };
  sys.clearTimeout = (timeoutId) => {
    pendingTimers.delete(timeoutId);
  };
  /** Runs the pending timers, and those they schedule, in order (a bounded number of rounds). */
  function runPendingTimers() {
    for (let round = 0; pendingTimers.size > 0 && round < 1000; round++) {
      const [id, run] = pendingTimers.entries().next().value;
      pendingTimers.delete(id);
      run();
    }
  }
  sys.readFile = function (path, encoding) {
    if (path === srcFilename) {
      return srcPrefix + srcContent;
    }
    if (path === declFilename) {
      return srcPrefix + declContent;
    }
    if (virtualFiles.has(path)) {
      return virtualFiles.get(path);
    }
    return ts.sys.readFile(forwardTslabPath(cwd, path), encoding);
  };
  sys.directoryExists = function (path) {
    if (ts.sys.directoryExists(forwardTslabPath(cwd, path))) {
      return true;
    }
    // Fake the existence of node_modules for tslab. This is necessary
    // to import `tslab` when `node_modules` does not exist in `cwd`.
    // See forwardTslabPath for details.
    // TODO: Test this behavior.
    return normalizeJoin(cwd, "node_modules") === path;
  };
  sys.fileExists = function (path) {
    if (ts.sys.fileExists(forwardTslabPath(cwd, path))) {
      return true;
    }
    return virtualFiles.has(path);
  };
  sys.readDirectory = function (path, extensions, exclude, include, depth) {
    return ts.sys.readDirectory(forwardTslabPath(cwd, path), extensions, exclude, include, depth);
  };
  sys.writeFile = function (_path, _data) {
    throw new Error("writeFile must not be called");
  };
  let notifyUpdateSrc = null;
  let notifyUpdateDecls = null;
  /** files for modules in memory. `srcPrefix` is prepended to values of virtualFiles. */
  const virtualFiles = new Map();
  const fileWatchers = new Map();
  sys.watchFile = (path, callback, pollingInterval) => {
    if (path === srcFilename) {
      notifyUpdateSrc = callback;
      return {
        close: () => {},
      };
    }
    if (path === declFilename) {
      notifyUpdateDecls = callback;
      return {
        close: () => {},
      };
    }
    // Note: File watchers for real files and virtual files are mixed here.
    // This implementation is not 100% precise, though it causes a minor performance issue.
    const cb = (fileName, eventKind) => {
      sideInputsConverted.delete(fileName);
      callback(fileName, eventKind);
      if (options === null || options === void 0 ? void 0 : options._fileWatcher) {
        options._fileWatcher(fileName, eventKind);
      }
    };
    fileWatchers.set(path, cb);
    const watcher = ts.sys.watchFile(path, cb, pollingInterval);
    return {
      close: () => {
        fileWatchers.delete(path);
        watcher.close();
      },
    };
  };
  // CHANGED (new): declarations of globals the kernel provides (`options.globalDeclarations`, e.g. `prompt`), as a
  // virtual root file of every program.
  if (options && options.globalDeclarations) {
    const globalsFile = normalizeJoin(cwd, "__kernel_globals__.d.ts");
    virtualFiles.set(globalsFile, srcPrefix + options.globalDeclarations);
    rootFiles.add(globalsFile);
  }
  // This takes several hundreds millisecs.
  const host = ts.createWatchCompilerHost(
    Array.from(rootFiles),
    {
      // module is ESNext, not ES2015, to support dynamic import.
      module: ts.ModuleKind.ESNext,
      // TODO(yunabe): Revisit how to resolve modules in the newer version of NodeJs.
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      target: transpileTarget,
      // We need to wrap entries with lib.*.d.ts before passing `lib` though it's not documented clearly.
      // c.f.
      // https://github.com/microsoft/TypeScript/blob/master/src/testRunner/unittests/config/commandLineParsing.ts
      // https://github.com/microsoft/TypeScript/blob/master/src/compiler/commandLineParser.ts
      lib: transpileLib.map((lib) => `lib.${lib}.d.ts`),
      declaration: true,
      newLine: ts.NewLineKind.LineFeed,
      // Remove 'use strict' from outputs.
      noImplicitUseStrict: true,
      experimentalDecorators: true,
      resolveJsonModule: true,
      jsx: ts.JsxEmit.React,
      typeRoots: getTypeRoots(),
      // allowJs, checkJs and outDir are necessary to transpile .js files.
      allowJs: true,
      checkJs: true,
      disableTopLevelAwait: true,
      // tslab does not show error messages in d.ts (e.g. files in @types).
      // This may improve the compile performance slightly.
      skipLibCheck: true,
      // rootDir is necessary to stabilize the paths of output files.
      rootDir: cwd,
      outDir,
    },
    sys,
    createProgramForWatch,
    function (d) {
      console.log(d.messageText);
    },
    function (_d) {
      // Drop watch status changes.
    },
  );
  host.afterProgramCreate = function (b) {
    builder = b;
  };
  const watch = ts.createWatchProgram(host);
  if (!builder) {
    throw new Error("builder is not created");
  }
  return {
    close,
    convert,
    inspect,
    complete,
    addModule,
  };
  function close() {
    watch.close();
  }
  function convert(prevDecl, src) {
    // CHANGED: the cell's top-level locals come from parsing and binding the cell on its own (cheap), so the
    // `export {…}` suffix is there in the first and only program build of the cell.
    const keys = topLevelLocals(src);
    if (keys.size > 0) {
      // Export all local variables.
      // TODO: Disallow "export" in the input.
      const suffix = "\nexport {" + Array.from(keys).join(", ") + "}";
      updateContent(prevDecl, src + suffix);
    } else {
      updateContent(prevDecl, src);
    }
    const declsFile = builder.getSourceFile(declFilename);
    const srcFile = builder.getSourceFile(srcFilename);
    asMutable(srcFile).parent = declsFile;
    const deps = getAllSrcDependencies(builder.getProgram(), srcFile);
    const diag = convertDiagnostics(getPreEmitDiagnosticsWithDependencies(builder.getProgram(), srcFile, deps));
    if (diag.diagnostics.length > 0) {
      return {
        diagnostics: diag.diagnostics,
      };
    }
    let output;
    // CHANGED: the cell itself is emitted as CommonJS in its one emit when that gives the same code as tslab's two
    // steps (see `emitsCommonJSDirectly`); otherwise (and for side modules) ES module output, then transpiled.
    let outputIsCommonJS = false;
    let declOutput;
    let lastExpressionVar;
    let sideOutputs;
    for (const dep of deps) {
      if (sideInputsConverted.has(dep)) {
        continue;
      }
      if (dep !== srcFilename) {
        sideInputsConverted.add(dep);
      }
      const depFile = builder.getSourceFile(dep);
      const commonJS = dep === srcFilename && emitsCommonJSDirectly(depFile);
      outputIsCommonJS = outputIsCommonJS || commonJS;
      builder.emit(
        depFile,
        (fileName, data) => {
          if (fileName === dstFilename) {
            output = data;
            return;
          }
          if (fileName === dstDeclFilename) {
            declOutput = data;
            return;
          }
          if (!fileName.endsWith(".js")) {
            return;
          }
          const rel = nodePath.relative(outDir, fileName);
          if (rel.startsWith("..")) {
            throw new Error("unexpected emit path: " + fileName);
          }
          if (!sideOutputs) {
            sideOutputs = [];
          }
          sideOutputs.push({
            path: normalizeJoin(cwd, rel),
            data: esModuleToCommonJSModule(data, transpileTarget),
          });
        },
        undefined,
        undefined,
        getCustomTransformers(
          builder.getProgram().getTypeChecker(),
          declsFile,
          keys,
          (name) => {
            lastExpressionVar = name;
          },
          commonJS,
        ),
      );
    }
    if (sideOutputs) {
      sideOutputs.sort((a, b) => a.path.localeCompare(b.path));
    }
    declOutput += remainingDecls(builder.getProgram().getTypeChecker(), srcFile, declsFile);
    return {
      output: outputIsCommonJS ? output : esModuleToCommonJSModule(output, transpileTarget),
      declOutput,
      diagnostics: diag.diagnostics,
      hasToplevelAwait: diag.hasToplevelAwait,
      sideOutputs,
      lastExpressionVar,
    };
  }
  /**
   * CHANGED (new): the names tslab 1.0.22 read from `srcFile.locals` of a first program build, found by parsing
   * and binding the cell alone with the same prefix, file name, target and compiler options (the same binder
   * gives the same names in the same order).
   */
  function topLevelLocals(src) {
    const sf = ts.createSourceFile(
      srcFilename,
      srcPrefix + src,
      transpileTarget,
      false,
      options?.isJS ? ts.ScriptKind.JS : ts.ScriptKind.TS,
    );
    ts.bindSourceFile(sf, builder.getProgram().getCompilerOptions());
    const keys = new Set();
    if (sf.locals) {
      sf.locals.forEach((_, key) => {
        keys.add(key);
      });
    }
    return keys;
  }
  function getTypeRoots() {
    // If @types/node does not exist in the default type roots,
    // use @types under tslab/node_modules (bug#10).
    // TODO: Integration-test for this behavior.
    const typeRoots =
      ts.getDefaultTypeRoots(cwd, {
        directoryExists: sys.directoryExists,
      }) || [];
    for (const root of typeRoots) {
      if (ts.sys.fileExists(normalizeJoin(root, "node", "package.json"))) {
        return typeRoots;
      }
    }
    typeRoots.push(normalizeJoin(TSLAB_DIST, "..", "node_modules", "@types"));
    return typeRoots;
  }
  function inspect(prevDecl, src, position) {
    // c.f.
    // https://github.com/microsoft/vscode/blob/master/extensions/typescript-language-features/src/features/hover.ts
    updateContent(prevDecl, src);
    let declsFile = builder.getSourceFile(declFilename);
    let srcFile = builder.getSourceFile(srcFilename);
    asMutable(srcFile).parent = declsFile;
    const info = ts.getQuickInfoAtPosition(
      srcFile,
      builder.getProgram().getTypeChecker(),
      cancellationToken,
      position + srcPrefix.length,
    );
    if (info && info.textSpan) {
      info.textSpan.start -= srcPrefix.length;
    }
    return info;
  }
  function complete(prevDecl, src, position) {
    updateContent(prevDecl, src);
    let declsFile = builder.getSourceFile(declFilename);
    let srcFile = builder.getSourceFile(srcFilename);
    asMutable(srcFile).parent = declsFile;
    const pos = position + srcPrefix.length;
    const info = getCompletionsAtPosition(
      builder.getProgram(),
      () => {
        // ignore log messages
      },
      srcFile,
      pos,
      {},
      undefined,
    );
    if (info === null || info === void 0 ? void 0 : info.optionalReplacementSpan) {
      info.optionalReplacementSpan.start -= srcPrefix.length;
    }
    const prev = ts.findPrecedingToken(pos, srcFile);
    // Note: In contradiction to the docstring, findPrecedingToken may return prev with
    // prev.end > pos (e.g. `members with surrounding` test case).
    //
    // Note: Be careful. node.pos != node.getStart().
    // (e.g. `globals with prefix` test case)
    if (prev && ts.isIdentifier(prev) && prev.end >= pos) {
      return completionWithId(info, prev, srcFile);
    }
    const next = prev ? ts.findNextToken(prev, srcFile, srcFile) : null;
    if (next && ts.isIdentifier(next) && next.getStart(srcFile) <= pos && pos <= next.end) {
      return completionWithId(info, next, srcFile);
    }
    let entries = info && info.entries ? info.entries.slice() : [];
    entries.sort((a, b) => {
      const ord = a.sortText.localeCompare(b.sortText);
      return ord !== 0 ? ord : a.name.localeCompare(b.name);
    });
    const candidates = entries.map((e) => e.name);
    return {
      start: pos - srcPrefix.length,
      end: pos - srcPrefix.length,
      candidates,
      original: info,
    };
  }
  // TODO(yunabe): Probably, replace this with optionalReplacementSpan.
  function completionWithId(info, id, srcFile) {
    let name = id.escapedText.toString();
    let lower = name.toLowerCase();
    let entries = info ? info.entries : [];
    const candidates = entries
      .map((e, index) => {
        const key = (() => {
          if (e.name.startsWith(name)) {
            return "0";
          }
          const lname = e.name.toLowerCase();
          if (lname.toLowerCase().startsWith(lower)) {
            return "1";
          }
          if (lname.indexOf(lower) >= 0) {
            return "2";
          }
          return "";
        })();
        if (key === "") {
          return null;
        }
        return {
          name: e.name,
          sortKey: key + e.sortText,
          index,
        };
      })
      .filter((e) => !!e);
    // Sort stably by using the original index.
    candidates.sort((a, b) => {
      const ord = a.sortKey.localeCompare(b.sortKey);
      return ord !== 0 ? ord : a.index - b.index;
    });
    return {
      start: id.getStart(srcFile) - srcPrefix.length,
      end: id.end - srcPrefix.length,
      candidates: candidates.map((e) => e.name),
      original: info,
    };
  }
  function remainingDecls(checker, srcSF, declsSF) {
    const declLocals = declsSF.locals;
    const locals = srcSF.locals;
    let keepMap = new Map();
    function addName(node, name) {
      let set = keepMap.get(node);
      if (!set) {
        set = new Set();
        keepMap.set(node, set);
      }
      set.add(name);
    }
    let valueNames = new Set();
    let anyVars = new Set();
    declLocals.forEach((sym, key) => {
      let keep = checkKeepDeclType(checker, locals.get(key));
      if (!keep.type && !keep.value) {
        return;
      }
      sym.declarations.forEach((decl) => {
        let node = decl;
        while (node.parent !== declsSF) {
          node = node.parent;
        }
        if (node.kind === ts.SyntaxKind.VariableStatement) {
          if (keep.value) {
            addName(node, key);
            if (anyVars.has(key)) {
              anyVars.delete(key);
            }
            valueNames.add(key);
          }
          return;
        }
        if (ts.isTypeAliasDeclaration(node)) {
          if (keep.type) {
            addName(node, key);
          }
          return;
        }
        if (ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) {
          if (keep.type) {
            if (keep.value) {
              addName(node, key);
            }
            // If !keep.value, forget this class.
            return;
          }
          // keep.value === true
          if (!valueNames.has(node.name.escapedText)) {
            anyVars.add(node.name.escapedText);
          }
          return;
        }
        if (ts.isImportDeclaration(node)) {
          if (keep.type && keep.value) {
            addName(node, key);
            return;
          }
          let aliased = checker.getAliasedSymbol(sym);
          if (!keep.value) {
            // Here, keep.type == true.
            if (aliased.flags & ts.SymbolFlags.Value) {
              // Overwritten with a new value.
              return;
            }
            if (aliased.flags && ts.SymbolFlags.Type) {
              addName(node, key);
            }
            return;
          }
          // Here, keep.value == true and keep.type == false.
          if (aliased.flags & ts.SymbolFlags.Type) {
            // Overwritten with a new type.
            if (aliased.flags & ts.SymbolFlags.Value && !valueNames.has(aliased.escapedName)) {
              anyVars.add(aliased.escapedName);
            }
            return;
          }
          addName(node, key);
          return;
        }
        if (ts.isFunctionDeclaration(node)) {
          if (keep.value) {
            addName(node, key);
          }
          return;
        }
        if (ts.isInterfaceDeclaration(node)) {
          if (keep.type) {
            addName(node, key);
          }
        }
        // TODO: Support more kinds.
        // console.log(
        //   ts.SyntaxKind[node.kind],
        //   ts.createPrinter({newLine: ts.NewLineKind.LineFeed}).printNode(ts.EmitHint.Unspecified, node, declsSF)
        // );
      });
    });
    let statements = [];
    // CHANGED: each kept statement is printed on its own (`printNode`), and its text is reused in the next cell when
    // the same statement (same source text with its comments, same names kept) is printed again; the concatenation
    // is what tslab's `printer.printFile(declsSF)` gave (`test/kernel-converter.test.ts` compares them).
    const text = declsSF.text;
    const allStatements = declsSF.statements;
    const printed = [];
    const printedNow = new Map();
    allStatements.forEach((stmt, index) => {
      let names = keepMap.get(stmt);
      if (!names) {
        return;
      }
      statements.push(stmt);
      if (ts.isVariableStatement(stmt)) {
        const decls = [];
        stmt.declarationList.declarations.forEach((decl) => {
          if (!ts.isIdentifier(decl.name)) {
            // This must not happen.
            return;
          }
          if (!names.has(decl.name.escapedText)) {
            return;
          }
          decls.push(decl);
        });
        asMutable(stmt.declarationList).declarations = ts.factory.createNodeArray(decls);
      }
      if (ts.isImportDeclaration(stmt)) {
        keepNamesInImport(stmt, names);
      }
      // Do nothing for
      // - TypeAliasDeclaration (No multiple specs)
      // - FunctionDeclaration (ditto)
      // - InterfaceDeclaration (ditto)
      const end = index + 1 < allStatements.length ? allStatements[index + 1].pos : text.length;
      const key = Array.from(names).sort().join(",") + "\0" + text.slice(stmt.pos, end);
      let out = printedNow.get(key) ?? declPrintCache.get(key);
      if (out === undefined) {
        out = declPrinter.printNode(ts.EmitHint.Unspecified, stmt, declsSF);
      }
      printedNow.set(key, out);
      printed.push(out);
    });
    declPrintCache = printedNow;
    asMutable(declsSF).statements = ts.factory.createNodeArray(statements);
    let anyVarsDecls = [];
    anyVars.forEach((name) => {
      anyVarsDecls.push(`let ${name}: any;\n`);
    });
    return (printed.length ? printed.join("\n") + "\n" : "") + anyVarsDecls.join("");
  }
  function checkKeepDeclType(checker, symb) {
    const ret = { value: true, type: true };
    if (!symb) {
      return ret;
    }
    if (symb.flags & ts.SymbolFlags.Alias) {
      symb = checker.getAliasedSymbol(symb);
    }
    if (symb.flags & ts.SymbolFlags.Value) {
      ret.value = false;
    }
    if (symb.flags & ts.SymbolFlags.Type) {
      ret.type = false;
    }
    return ret;
  }
  function updateContent(decls, src) {
    const changed = declContent != decls || srcContent != src;
    const oldBuilder = builder;
    declContent = decls;
    srcContent = src;
    notifyUpdateSrc(srcFilename, ts.FileWatcherEventKind.Changed);
    notifyUpdateDecls(declFilename, ts.FileWatcherEventKind.Changed);
    if (!pendingTimers.size) {
      throw new Error("the watch scheduled no program update");
    }
    runPendingTimers();
    if (builder === oldBuilder && changed) {
      // TypeScript 3.9 checkes if files are updated internally and recreate
      // builder only when files are updated. TypeScript 3.6 did not.
      console.warn("builder is not recreated though contents are changed.");
    }
  }
  /**
   * Check if `d` is a diagnostic from a top-level await.
   * This is used to allow top-level awaits (#16).
   */
  function isTopLevelAwaitDiagnostic(srcFile, d) {
    if (d.code !== 1308 || srcFile == null) {
      // https://github.com/microsoft/TypeScript/search?q=await_expression_is_only_allowed_within_an_async_function_1308
      return false;
    }
    const await = ts.findPrecedingToken(d.start + d.length, srcFile);
    if (await.kind !== ts.SyntaxKind.AwaitKeyword) {
      // This must not happen, though.
      return false;
    }
    let isTop = true;
    let parent = await.parent;
    while (isTop && parent && parent !== srcFile) {
      switch (parent.kind) {
        case ts.SyntaxKind.ArrowFunction:
        case ts.SyntaxKind.FunctionExpression:
        case ts.SyntaxKind.FunctionDeclaration:
        case ts.SyntaxKind.ClassDeclaration:
        case ts.SyntaxKind.ModuleDeclaration:
          // await is not top-level. This is invalid in tslab.
          return false;
      }
      parent = parent.parent;
    }
    return true;
  }
  function adjustSrcFileOffset(fileName, offset) {
    const lineChar = ts.getLineAndCharacterOfPosition(builder.getSourceFile(fileName), offset);
    const pos = {
      offset: offset,
      line: lineChar.line,
      character: lineChar.character,
    };
    if (fileName === srcFilename || virtualFiles.has(fileName)) {
      pos.offset -= srcPrefixOffsets.offset;
      pos.line -= srcPrefixOffsets.line;
      pos.character -= srcPrefixOffsets.char;
    }
    return pos;
  }
  function convertDiagnostics(input) {
    let hasToplevelAwait = false;
    const diagnostics = [];
    const srcFile = builder.getSourceFile(srcFilename);
    for (const d of input) {
      if (!d.file) {
        continue;
      }
      if (d.file.fileName === srcFilename && isTopLevelAwaitDiagnostic(srcFile, d)) {
        hasToplevelAwait = true;
        continue;
      }
      let fileName;
      if (d.file.fileName !== srcFilename) {
        const rel = nodePath.relative(cwd, d.file.fileName);
        if (rel.startsWith("..")) {
          continue;
        }
        fileName = rel;
      }
      const start = adjustSrcFileOffset(d.file.fileName, d.start);
      const end = adjustSrcFileOffset(d.file.fileName, d.start + d.length);
      if (typeof d.messageText === "string") {
        diagnostics.push({
          start,
          end,
          messageText: d.messageText.toString(),
          category: d.category,
          code: d.code,
          fileName,
        });
        continue;
      }
      traverseDiagnosticMessageChain(start, end, d.messageText, diagnostics, fileName);
    }
    return { diagnostics, hasToplevelAwait };
  }
  function traverseDiagnosticMessageChain(start, end, msg, out, _fileName) {
    out.push({
      start,
      end,
      messageText: msg.messageText,
      category: msg.category,
      code: msg.code,
    });
    if (!msg.next) {
      return;
    }
    for (const child of msg.next) {
      traverseDiagnosticMessageChain(start, end, child, out);
    }
  }
  /**
   * @param locals A set of names of declared variables.
   * @param setLastExprName A callback to store the created name.
   * @param commonJS CHANGED (new): run TypeScript's CommonJS module transform after tslab's `after` transform, in the
   *   same emit (what `esModuleToCommonJSModule` did to the printed ES module, without printing, re-parsing,
   *   re-binding and printing again).
   */
  function getCustomTransformers(checker, declsFile, locals, setLastExprName, commonJS) {
    const nullTransformationContext = ts.getNullTransformationContext();
    return {
      after: commonJS ? [after, ts.transformModule] : [after],
      afterDeclarations: [afterDeclarations],
    };
    function createLastExprVar() {
      const prefix = "tsLastExpr";
      if (!locals.has(prefix)) {
        return prefix;
      }
      let i = 0;
      while (true) {
        let name = `${prefix}${i}`;
        if (!locals.has(name)) {
          return name;
        }
        i++;
      }
    }
    // Wrap identifiers to previous variables with exports.
    function wrapPrevIdentifier(node) {
      var _a, _b;
      if (!ts.isIdentifier(node)) {
        return ts.visitEachChild(node, wrapPrevIdentifier, nullTransformationContext);
      }
      if (node.parent && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) {
        return node;
      }
      let prev = false;
      for (const decl of (_b =
        (_a = checker.getSymbolAtLocation(node)) === null || _a === void 0 ? void 0 : _a.declarations) !== null &&
      _b !== void 0
        ? _b
        : []) {
        if (decl.getSourceFile() === declsFile) {
          prev = true;
          break;
        }
      }
      if (!prev) {
        return node;
      }
      return ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node);
    }
    function after() {
      // Rewrite the output to store the last expression to a variable.
      return (node) => {
        node = ts.visitEachChild(node, wrapPrevIdentifier, nullTransformationContext);
        for (let i = node.statements.length - 1; i >= 0; i--) {
          const stmt = node.statements[i];
          if (ts.isExportDeclaration(stmt)) {
            continue;
          }
          if (!ts.isExpressionStatement(stmt)) {
            break;
          }
          const lastName = createLastExprVar();
          let statements = node.statements.slice(0, i);
          statements.push(
            ts.factory.createVariableStatement(
              [ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)],
              ts.factory.createVariableDeclarationList(
                [ts.factory.createVariableDeclaration(lastName, undefined, undefined, stmt.expression)],
                ts.NodeFlags.Const,
              ),
            ),
          );
          setLastExprName(lastName);
          statements.push(...node.statements.slice(i + 1));
          asMutable(node).statements = ts.factory.createNodeArray(statements);
          break;
        }
        return node;
      };
    }
    function afterDeclarations() {
      // Delete all exports { ... }
      return (node) => {
        const statements = [];
        for (const stmt of node.statements) {
          if (ts.isExportDeclaration(stmt)) {
            continue;
          }
          statements.push(stmt);
        }
        asMutable(node).statements = ts.factory.createNodeArray(statements);
        return node;
      };
    }
  }
  function getModuleFilePath(name, meta) {
    if (!isValidModuleName(name)) {
      throw new Error("invalid module name: " + JSON.stringify(name));
    }
    let ext = (options === null || options === void 0 ? void 0 : options.isJS) ? ".js" : ".ts";
    if (meta === null || meta === void 0 ? void 0 : meta.jsx) {
      ext += "x";
    }
    return normalizeJoin(cwd, name + ext);
  }
  function addModule(name, content, meta) {
    return addModuleWithPath(getModuleFilePath(name, meta), content);
  }
  function addModuleWithPath(path, content) {
    content = srcPrefix + content;
    virtualFiles.set(path, content);
    if (fileWatchers.has(path)) {
      fileWatchers.get(path)(path, ts.FileWatcherEventKind.Changed);
    }
    rootFiles.add(path);
    watch.updateRootFileNames(Array.from(rootFiles));
    if (!pendingTimers.size) {
      throw new Error("the watch scheduled no program update");
    }
    // Note: builder is updated iff content is changed.
    runPendingTimers();
    const file = builder.getSourceFile(path);
    const diags = ts.getPreEmitDiagnostics(builder.getProgram(), file);
    return convertDiagnostics(diags).diagnostics;
  }
}
function getCompletionsAtPosition(program, log, sourceFile, position, preferences, triggerCharacter) {
  const host = {};
  return ts.Completions.getCompletionsAtPositionForTslab(
    host,
    program,
    log,
    sourceFile,
    position,
    preferences,
    triggerCharacter,
    ts.CompletionTriggerKind.Invoked,
    {
      isCancellationRequested: () => false,
      throwIfCancellationRequested: () => void 0,
    },
  );
}
function forwardTslabPath(cwd, path) {
  const rel = nodePath.relative(normalizeJoin(cwd, "node_modules", "tslab"), path);
  if (rel.startsWith("..")) {
    return path;
  }
  return normalizeJoin(nodePath.dirname(TSLAB_DIST), rel);
}
/**
 * CHANGED (new): the `createProgram` of the watch host. A plain program (reusing the previous one, as tslab's
 * builder did) behind the builder methods the watch and the converter use.
 */
function createProgramForWatch(rootNames, options, host, oldBuilder, configFileParsingDiagnostics, projectReferences) {
  if (rootNames === undefined && oldBuilder) {
    return oldBuilder;
  }
  const program = ts.createProgram({
    rootNames,
    options,
    host,
    oldProgram: oldBuilder && oldBuilder.getProgramOrUndefined(),
    configFileParsingDiagnostics,
    projectReferences,
  });
  // The builder created the type checker at once, which binds every file (sets `parent`s and `locals`): completion
  // and quick info rely on it.
  program.getTypeChecker();
  return {
    getProgram: () => program,
    getProgramOrUndefined: () => program,
    releaseProgram: () => {},
    getCompilerOptions: () => program.getCompilerOptions(),
    getSourceFile: (fileName) => program.getSourceFile(fileName),
    getSourceFiles: () => program.getSourceFiles(),
    getCurrentDirectory: () => program.getCurrentDirectory(),
    emit: (sourceFile, writeFile, cancellation, emitOnlyDts, customTransformers) =>
      program.emit(sourceFile, writeFile, cancellation, emitOnlyDts, customTransformers),
  };
}
/** CHANGED: takes the program and the cell's dependencies (computed once per cell). */
function getPreEmitDiagnosticsWithDependencies(program, sourceFile, deps) {
  const files = [sourceFile];
  for (const dep of deps) {
    if (dep !== sourceFile.fileName) {
      files.push(program.getSourceFile(dep));
    }
  }
  return ts.getPreEmitDiagnosticsOfFiles(program, files);
}
/**
 * Get a list of all .ts and .js file dependencies (including `sourceFile`) of `sourceFile`.
 * CHANGED: a walk over the program's resolved imports, `/// <reference path>`s and type reference directives
 * (tslab asked the builder's reference map, which ambient-module merging also fed).
 */
function getAllSrcDependencies(program, sourceFile) {
  const seen = new Set([sourceFile.fileName]);
  const queue = [sourceFile];
  const add = (fileName) => {
    if (!fileName || seen.has(fileName)) {
      return;
    }
    const sf = program.getSourceFile(fileName);
    if (!sf) {
      return;
    }
    seen.add(sf.fileName);
    queue.push(sf);
  };
  while (queue.length) {
    const sf = queue.pop();
    if (sf.resolvedModules) {
      sf.resolvedModules.forEach((r) => add(r && r.resolvedModule && r.resolvedModule.resolvedFileName));
    }
    for (const ref of sf.referencedFiles) {
      add(ts.resolveTripleslashReference(ref.fileName, sf.fileName));
    }
    if (sf.resolvedTypeReferenceDirectiveNames) {
      sf.resolvedTypeReferenceDirectiveNames.forEach((r) =>
        add(r && r.resolvedTypeReferenceDirective && r.resolvedTypeReferenceDirective.resolvedFileName),
      );
    }
  }
  return Array.from(seen).filter((dep) => dep.endsWith(".js") || (dep.endsWith(".ts") && !dep.endsWith(".d.ts")));
}
module.exports = { createConverter, isCompleteCode, emitsCommonJSDirectly };
