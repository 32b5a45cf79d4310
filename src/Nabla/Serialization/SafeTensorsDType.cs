namespace Nabla.Serialization;

/// <summary>The element types Nabla reads from safetensors files (all are converted to float32 on load).</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE 754 single precision ("F32"); loaded as is and the only type Nabla writes.</summary>
    F32,

    /// <summary>IEEE 754 half precision ("F16"); converted exactly to float32.</summary>
    F16,

    /// <summary>bfloat16 ("BF16"), the upper 16 bits of a float32; converted exactly.</summary>
    BF16,

    /// <summary>IEEE 754 double precision ("F64"); rounded to the nearest float32.</summary>
    F64,

    /// <summary>64-bit signed integer ("I64"); loaded only when every value is exactly representable in float32.</summary>
    I64,

    /// <summary>32-bit signed integer ("I32"); loaded only when every value is exactly representable in float32.</summary>
    I32,
}

/// <summary>Names and element sizes of the safetensors dtypes.</summary>
internal static class SafeTensorsDTypes
{
    /// <summary>Every dtype the safetensors specification defines, so that an unsupported one is named as such.</summary>
    private static readonly string[] SpecifiedButUnsupported =
        ["BOOL", "U8", "I8", "I16", "U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64"];

    /// <summary>The dtype names Nabla reads, for error messages.</summary>
    public const string SupportedList = "F32, F16, BF16, F64, I64, I32";

    public static bool TryParse(string name, out SafeTensorsDType dtype)
    {
        switch (name)
        {
            case "F32": dtype = SafeTensorsDType.F32; return true;
            case "F16": dtype = SafeTensorsDType.F16; return true;
            case "BF16": dtype = SafeTensorsDType.BF16; return true;
            case "F64": dtype = SafeTensorsDType.F64; return true;
            case "I64": dtype = SafeTensorsDType.I64; return true;
            case "I32": dtype = SafeTensorsDType.I32; return true;
            default: dtype = default; return false;
        }
    }

    /// <summary>Whether the specification defines <paramref name="name"/> (even though Nabla cannot load it).</summary>
    public static bool IsSpecified(string name) => Array.IndexOf(SpecifiedButUnsupported, name) >= 0;

    public static int ElementSize(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 => 4,
        _ => 8,
    };

    public static string Name(SafeTensorsDType dtype) => dtype.ToString();
}
