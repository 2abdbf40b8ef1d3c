"""Which device and precision a Qwen3-VL model runs at here, and why.

The plan is a pure function of a hardware probe, so the fallback rules are testable without a GPU:

- no CUDA GPU (or ``--device cpu``) → the CPU, fp32; bf16 and int8 only when asked for (int8 on the CPU is
  int8 matrix products for the linear layers, where this PyTorch has them); fp16 falls back;
- CUDA → int8 (bitsandbytes LLM.int8) by default; without bitsandbytes/accelerate, or on a GPU older
  than compute capability 7.5 → bf16; without bf16 (compute capability < 8.0) → fp16;
- too little free GPU memory for the chosen precision → int8 when that fits, else the CPU.

``itembank models check`` prints the plan with its reasons; the loaders follow it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import asdict, dataclass, field

from engine.errors import InvalidInput
from engine.models.cpu_int8 import cpu_int8_available

PRECISIONS = ("int8", "bf16", "fp16", "fp32")
DEVICES = ("auto", "cpu", "cuda")
GIB = 1024 ** 3
# Working memory on top of the weights: activations of one token-budget batch, the CUDA context and
# the allocator's slack. Measured peaks for the 2B model stay well under this.
ACTIVATION_RESERVE = int(1.5 * GIB)
_BYTES_PER_PARAM = {"int8": 1.1, "bf16": 2.0, "fp16": 2.0, "fp32": 4.0}  # int8 keeps norms/vision in 16-bit


@dataclass(frozen=True)
class Hardware:
    """What the probe found; tests build this by hand to exercise every fallback."""

    torch: bool
    cuda: bool
    gpu_name: str | None = None
    capability: tuple[int, int] | None = None
    free_bytes: int | None = None
    total_bytes: int | None = None
    bitsandbytes: bool = False
    accelerate: bool = False
    cpu_int8: bool = False  # PyTorch can multiply int8 matrices on the CPU (torch._int_mm)


@dataclass
class DevicePlan:
    """Where and how to run, with one human-readable reason per decision."""

    device: str
    precision: str
    reasons: list[str] = field(default_factory=list)
    hardware: Hardware | None = None
    needed_bytes: int | None = None

    @property
    def torch_dtype_name(self) -> str:
        """The torch dtype of non-quantised weights ("float16" under int8 on GPUs without bf16)."""
        if self.precision == "int8" and self.device == "cpu":
            return "float32"  # the linear layers of an fp32 model become int8 after loading
        if self.precision == "int8":
            cap = self.hardware.capability if self.hardware else None
            return "bfloat16" if cap and cap >= (8, 0) else "float16"
        return {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}[self.precision]

    def to_dict(self) -> dict:
        data = {"device": self.device, "precision": self.precision, "reasons": list(self.reasons),
                "needed_gib": round(self.needed_bytes / GIB, 2) if self.needed_bytes else None}
        if self.hardware is not None:
            hw = asdict(self.hardware)
            for key in ("free_bytes", "total_bytes"):
                value = hw.pop(key)
                hw[key.replace("_bytes", "_gib")] = round(value / GIB, 2) if value is not None else None
            data["hardware"] = hw
        return data


def probe_hardware() -> Hardware:
    """Look at torch, CUDA and the int8 packages without loading any model."""
    has_bnb = importlib.util.find_spec("bitsandbytes") is not None
    has_accelerate = importlib.util.find_spec("accelerate") is not None
    if importlib.util.find_spec("torch") is None:
        return Hardware(torch=False, cuda=False, bitsandbytes=has_bnb, accelerate=has_accelerate)
    import torch

    cpu_int8 = cpu_int8_available(torch)
    if not torch.cuda.is_available():
        return Hardware(torch=True, cuda=False, bitsandbytes=has_bnb, accelerate=has_accelerate,
                        cpu_int8=cpu_int8)
    index = torch.cuda.current_device()
    try:
        free, total = torch.cuda.mem_get_info(index)
    except RuntimeError:  # some drivers refuse; plan without the memory check
        free = total = None
    return Hardware(torch=True, cuda=True, gpu_name=torch.cuda.get_device_name(index),
                    capability=tuple(torch.cuda.get_device_capability(index)), free_bytes=free,
                    total_bytes=total, bitsandbytes=has_bnb, accelerate=has_accelerate, cpu_int8=cpu_int8)


def weights_bytes(param_count: int, precision: str) -> int:
    return int(param_count * _BYTES_PER_PARAM[precision])


def plan_device(precision: str | None = None, device: str | None = None, param_count: int | None = None,
                hardware: Hardware | None = None) -> DevicePlan:
    """Choose device and precision. ``precision``/``device`` are the user's wishes (None = automatic);
    ``param_count`` enables the free-memory check."""
    if precision is not None and precision not in PRECISIONS:
        raise InvalidInput(f"unknown precision {precision!r}: use one of {', '.join(PRECISIONS)}")
    if device not in (None, *DEVICES):
        raise InvalidInput(f"unknown device {device!r}: use one of {', '.join(DEVICES)}")
    hw = hardware if hardware is not None else probe_hardware()
    reasons: list[str] = []
    if not hw.torch:
        reasons.append("PyTorch is not installed: pip install 'itembank[models]' (the models cannot run yet)")
    if device == "cpu":
        reasons.append("the CPU was asked for")
        return _cpu_plan(precision, reasons, hw, param_count)
    if not hw.cuda:
        reasons.append("CUDA was asked for, but no usable CUDA GPU was found; using the CPU instead"
                       if device == "cuda" else "no CUDA GPU found; using the CPU")
        return _cpu_plan(precision, reasons, hw, param_count)
    return _gpu_plan(precision, reasons, hw, param_count)


def _cpu_plan(precision: str | None, reasons: list[str], hw: Hardware, params: int | None) -> DevicePlan:
    chosen = "fp32"
    if precision == "bf16":
        chosen = "bf16"
        reasons.append("bf16 on the CPU as asked (slower than fp32 on most CPUs)")
    elif precision == "int8" and hw.cpu_int8:
        chosen = "int8"
        reasons.append("int8 on the CPU as asked: int8 matrix products for the linear layers (at the 2B size "
                       "several times the fp32 speed; vectors differ slightly from fp32, so a profile keeps its own)")
    elif precision == "int8":
        reasons.append("int8 on the CPU needs PyTorch's int8 matrix product (torch._int_mm), which this "
                       "PyTorch lacks; the CPU runs fp32")
    elif precision == "fp16":
        reasons.append("fp16 needs a CUDA GPU; the CPU runs fp32")
    else:
        reasons.append("fp32 is the CPU default")
    return DevicePlan("cpu", chosen, reasons, hw, weights_bytes(params, chosen) if params else None)


def _gpu_plan(precision: str | None, reasons: list[str], hw: Hardware, params: int | None) -> DevicePlan:
    cap = hw.capability or (0, 0)
    cap_text = f"{cap[0]}.{cap[1]}"
    bf16_ok = cap >= (8, 0)
    int8_missing = [name for name, ok in (("bitsandbytes", hw.bitsandbytes), ("accelerate", hw.accelerate))
                    if not ok]
    int8_ok = not int8_missing and cap >= (7, 5)
    half = "bf16" if bf16_ok else "fp16"
    chosen = precision or "int8"
    if precision is None:
        name = f"{hw.gpu_name} " if hw.gpu_name else ""
        reasons.append(f"CUDA GPU {name}(compute capability {cap_text}); int8 is the GPU default")
    if chosen == "int8" and not int8_ok:
        if int8_missing:
            reasons.append(f"int8 needs {' and '.join(int8_missing)} (pip install 'itembank[gpu]'); "
                           f"using {half} instead")
        else:
            reasons.append(f"int8 needs compute capability 7.5 or newer (this GPU has {cap_text}); "
                           f"using {half} instead")
        chosen = half
    if chosen == "bf16" and not bf16_ok:
        reasons.append(f"this GPU (compute capability {cap_text}) has no bf16; using fp16 instead")
        chosen = "fp16"
    if chosen == "fp32":
        reasons.append("fp32 on the GPU as asked")
    if params and hw.free_bytes is not None:
        need = weights_bytes(params, chosen) + ACTIVATION_RESERVE
        if need > hw.free_bytes:
            free = hw.free_bytes / GIB
            int8_need = weights_bytes(params, "int8") + ACTIVATION_RESERVE
            if chosen != "int8" and int8_ok and int8_need <= hw.free_bytes:
                reasons.append(f"{chosen} needs about {need / GIB:.1f} GiB but {free:.1f} GiB is free; "
                               "using int8 instead")
                chosen = "int8"
            else:
                reasons.append(f"{chosen} needs about {need / GIB:.1f} GiB of GPU memory but only "
                               f"{free:.1f} GiB is free; using the CPU (fp32) instead")
                return DevicePlan("cpu", "fp32", reasons, hw, weights_bytes(params, "fp32"))
    return DevicePlan("cuda", chosen, reasons, hw, weights_bytes(params, chosen) if params else None)


def is_out_of_memory(exc: BaseException) -> bool:
    """True for CUDA (or CPU allocator) out-of-memory errors, which batching answers by splitting."""
    try:
        import torch

        if isinstance(exc, torch.cuda.OutOfMemoryError):
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(exc, (RuntimeError, MemoryError)) and (
        isinstance(exc, MemoryError) or "out of memory" in str(exc).lower())


def free_cached_memory() -> None:
    """Give cached CUDA blocks back after an out-of-memory error so the retry can use them."""
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except ImportError:  # pragma: no cover
        pass
