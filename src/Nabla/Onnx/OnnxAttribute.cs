namespace Nabla.Onnx;

/// <summary>
/// A named attribute of an ONNX node (AttributeProto): one int, float or string, or a list of them.
/// Built with <see cref="Int"/>, <see cref="Ints"/>, <see cref="Float"/>, <see cref="Floats"/>, <see cref="String"/> or <see cref="Strings"/>.
/// </summary>
public sealed class OnnxAttribute
{
    internal enum Kind { Float = 1, Int = 2, String = 3, Floats = 6, Ints = 7, Strings = 8 }

    /// <summary>The attribute's name, as the operator's specification spells it (e.g. <c>kernel_shape</c>).</summary>
    public string Name { get; }

    internal Kind Type { get; }
    internal long IntValue { get; private init; }
    internal float FloatValue { get; private init; }
    internal string StringValue { get; private init; } = "";
    internal long[] IntValues { get; private init; } = [];
    internal float[] FloatValues { get; private init; } = [];
    internal string[] StringValues { get; private init; } = [];

    private OnnxAttribute(string name, Kind type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, Kind.Int) { IntValue = value };

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, Kind.Ints) { IntValues = values };

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, Kind.Float) { FloatValue = value };

    /// <summary>A list-of-floats attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, Kind.Floats) { FloatValues = values };

    /// <summary>A list-of-strings attribute.</summary>
    public static OnnxAttribute Strings(string name, params string[] values) => new(name, Kind.Strings) { StringValues = values };

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute String(string name, string value) => new(name, Kind.String) { StringValue = value };

    /// <summary>Encodes the AttributeProto: name = 1, f = 2, i = 3, s = 4, floats = 7, ints = 8, strings = 9, type = 20.</summary>
    internal void WriteTo(ProtoWriter w)
    {
        w.String(1, Name);
        switch (Type)
        {
            case Kind.Float: w.Float(2, FloatValue); break;
            case Kind.Int: w.Int64(3, IntValue); break;
            case Kind.String: w.String(4, StringValue); break;
            case Kind.Floats: w.PackedFloat(7, FloatValues); break;
            case Kind.Ints: w.PackedInt64(8, IntValues); break;
            case Kind.Strings:
                foreach (var value in StringValues)
                    w.String(9, value);
                break;
        }
        w.Int64(20, (long)Type);
    }
}
