/**
 * Which builtins a compiled policy.wasm expects the host to provide: the JSON object its
 * `builtins()` export returns (name → id). Read by instantiating the module with inert imports;
 * nothing is evaluated.
 */

// The global WebAssembly API, typed here because the project's lib (ES2023) does not include it.
interface WasmMemory {
  buffer: ArrayBuffer;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<unknown>;
  instantiate(
    module: unknown,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ exports: unknown }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export async function hostBuiltins(wasm: Uint8Array): Promise<string[]> {
  const memory = new wasmApi.Memory({ initial: 5 });
  const fail = (): never => {
    throw new Error('policy.wasm called the host while listing its builtins');
  };
  const module = await wasmApi.compile(wasm);
  const instance = await wasmApi.instantiate(module, {
    env: {
      memory,
      opa_abort: fail,
      opa_println: () => undefined,
      opa_builtin0: fail,
      opa_builtin1: fail,
      opa_builtin2: fail,
      opa_builtin3: fail,
      opa_builtin4: fail,
    },
  });
  const exports = instance.exports as {
    builtins(): number;
    opa_json_dump(address: number): number;
  };
  const text = readCString(memory, exports.opa_json_dump(exports.builtins()));
  return Object.keys(JSON.parse(text) as Record<string, number>).sort();
}

function readCString(memory: WasmMemory, address: number): string {
  const bytes = new Uint8Array(memory.buffer);
  let end = address;
  while (bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(address, end));
}
