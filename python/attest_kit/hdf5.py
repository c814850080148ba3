"""The few HDF5 details of the exchange files that h5py's high-level API does not cover.

- bfloat16 datasets: a 2-byte float type, fields (sign 15, exponent 7 size 8, mantissa 0 size 7), exponent
  bias 127, read and written as raw uint16 bit patterns with the dataset's own type as the memory type
  (h5py would otherwise pick numpy's float16 for any 2-byte float).
- strings: attributes are fixed-length ASCII, as `docs/external-kernels.md` section 3 writes them.
"""
import h5py
import numpy as np

from .elements import bfloat16_bits_to_float32, compute_dtype

BFLOAT16_FIELDS = (15, 7, 8, 0, 7)


def bfloat16_type():
    """The HDF5 bfloat16 type of the protocol: a copy of IEEE F32LE narrowed to its upper 16 bits."""
    t = h5py.h5t.IEEE_F32LE.copy()
    t.set_fields(*BFLOAT16_FIELDS)
    t.set_offset(0)
    t.set_precision(16)
    t.set_size(2)
    t.set_ebias(127)
    return t


def is_bfloat16(dataset):
    """Whether `dataset` is stored as bfloat16 (a 2-byte float with an 8-bit exponent)."""
    t = dataset.id.get_type()
    return t.get_class() == h5py.h5t.FLOAT and t.get_size() == 2 and t.get_fields()[2] == 8


def stored_element_type(dataset):
    """The element type name of a float dataset (`float64`, `float32`, `float16`, `bfloat16`), else None."""
    t = dataset.id.get_type()
    if t.get_class() != h5py.h5t.FLOAT:
        return None
    if is_bfloat16(dataset):
        return "bfloat16"
    return {8: "float64", 4: "float32", 2: "float16"}.get(t.get_size())


def read_float(dataset, element_type):
    """A float dataset stored as `element_type`, as the numpy array the kernel gets (`elements.compute_dtype`).

    Raises ValueError naming the dataset when it is stored as another element type.
    """
    found = stored_element_type(dataset)
    if found != element_type:
        raise ValueError(f"{dataset.name}: stored as {found or dataset.dtype}, the call says {element_type}")
    if element_type == "bfloat16":
        bits = np.empty(dataset.shape, np.uint16)
        dataset.id.read(h5py.h5s.ALL, h5py.h5s.ALL, bits, mtype=dataset.id.get_type())
        return bfloat16_bits_to_float32(bits)
    return np.asarray(dataset[()], dtype=compute_dtype(element_type))


def write_float(group, name, stored, element_type):
    """Write `stored` (from `elements.encode`: uint16 bits for bfloat16) as dataset `name` of `element_type`."""
    stored = np.ascontiguousarray(stored)
    if element_type != "bfloat16":
        return group.create_dataset(name, data=stored.astype(stored.dtype.newbyteorder("<")))
    space = h5py.h5s.create_simple(stored.shape)
    htype = bfloat16_type()
    dsid = h5py.h5d.create(group.id, name.encode(), htype, space)
    dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, stored.astype(np.uint16), mtype=htype)
    dataset = group[name]
    dataset.attrs["dtype_name"] = ascii_string("bfloat16")
    return dataset


def ascii_string(text, limit=None):
    """`text` as a fixed-length ASCII attribute value (other characters become '?'), cut to `limit` characters."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 3] + "..."
    return np.bytes_(text.encode("ascii", "replace"))


def text(value):
    """An attribute read back as str (fixed- or variable-length, bytes or str)."""
    if isinstance(value, bytes):
        return value.decode("ascii", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return str(value)
