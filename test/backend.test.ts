import { describe, expect, it } from "vitest";
import { backendInfo, parseBackendChoice, selectBackend, tf, type BackendLoader } from "../src/tensor/index.js";

describe("backend selection", () => {
  it("auto picks the fastest backend that really starts (wasm here: no native libtensorflow)", async () => {
    const info = await selectBackend({ choice: "auto" });
    expect(tf.getBackend()).toBe(info.backend);
    expect(["tensorflow", "wasm", "cpu"]).toContain(info.backend);
    // Native libtensorflow cannot install on this machine; the reason says why it was skipped.
    if (info.backend !== "tensorflow") expect(info.reason).toMatch(/skipped tensorflow/);
    expect(backendInfo()).toMatchObject({ backend: info.backend, device: info.device });
    expect(info.versions.tfjs).toBe(tf.version.tfjs);
  });

  it("a forced backend runs and is reported as forced", async () => {
    const info = await selectBackend({ choice: "cpu" });
    expect(info.backend).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(info.reason).toMatch(/forced/);
    await selectBackend({ choice: "wasm" });
    expect(tf.getBackend()).toBe("wasm");
  });

  it("LANDSCAPE_BACKEND=nonsense is an error listing the valid names", async () => {
    expect(() => parseBackendChoice("nonsense")).toThrow(
      /LANDSCAPE_BACKEND.*nonsense.*auto, gpu, tensorflow, webgpu, wasm, cpu/,
    );
    const old = process.env.LANDSCAPE_BACKEND;
    process.env.LANDSCAPE_BACKEND = "nonsense";
    try {
      await expect(selectBackend()).rejects.toThrow(/expected one of/);
    } finally {
      if (old === undefined) delete process.env.LANDSCAPE_BACKEND;
      else process.env.LANDSCAPE_BACKEND = old;
    }
  });

  it("a backend whose setBackend silently fails is detected, not trusted", async () => {
    const broken: BackendLoader = {
      name: "tensorflow",
      load() {
        // registers a factory that fails to initialise, so tf.setBackend returns false
        if (!tf.findBackendFactory("tensorflow")) {
          tf.registerBackend("tensorflow", () => {
            throw new Error("no libtensorflow");
          });
        }
      },
      device: () => "never",
    };
    const info = await selectBackend({ choice: "auto", loaders: { tensorflow: broken } });
    expect(info.backend).not.toBe("tensorflow");
    expect(info.reason).toMatch(/tensorflow \(tf\.setBackend\("tensorflow"\) returned false/);
    tf.removeBackend("tensorflow");
  });
});
