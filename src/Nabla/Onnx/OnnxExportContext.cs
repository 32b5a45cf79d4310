using System.Globalization;
using Nabla.Nn;

namespace Nabla.Onnx;

/// <summary>
/// The graph being built by <see cref="OnnxExporter"/>: module exporters add nodes and constants through it and call
/// <see cref="Export"/> for their sub-modules. Names are unique and derived from the module's qualified name.
/// </summary>
public sealed class OnnxExportContext
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxInitializer> _initializers = [];
    private readonly HashSet<string> _names = [];
    private readonly Dictionary<Tensor, string> _tensorNames = new(ReferenceEqualityComparer.Instance);

    internal OnnxExportContext(int opset) => Opset = opset;

    /// <summary>The ONNX operator-set version being targeted.</summary>
    public int Opset { get; }

    internal IReadOnlyList<OnnxNode> Nodes => _nodes;
    internal IReadOnlyList<OnnxInitializer> Initializers => _initializers;

    /// <summary>Exports <paramref name="module"/> applied to <paramref name="input"/> with the exporter registered for its type.</summary>
    /// <exception cref="NotSupportedException">No exporter is registered for the module's type, or it cannot export this configuration.</exception>
    public OnnxValue Export(Module module, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(module);
        var exporter = OnnxExporters.Find(module.GetType())
            ?? throw Unsupported(module, "no ONNX exporter is registered for this module type (register one with OnnxExporters.Register)");
        return exporter(this, module, input);
    }

    /// <summary>The value <paramref name="name"/> as the output of <paramref name="module"/>: Nabla's forward gives its sample.</summary>
    public OnnxValue Output(Module module, OnnxValue input, string name)
    {
        ArgumentNullException.ThrowIfNull(module);
        return new OnnxValue(name, module.Forward(input.Sample));
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(Module module, string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        Node(module, opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names (an empty input name marks an omitted optional input).</summary>
    public string[] Node(Module module, string opType, IReadOnlyList<string> inputs, int outputs, params OnnxAttribute[] attributes)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(inputs);
        string nodeName = UniqueName(Prefix(module) + opType);
        var names = new string[outputs];
        for (int i = 0; i < outputs; i++)
            names[i] = UniqueName(outputs == 1 ? nodeName + "_out" : nodeName + "_out" + i.ToString(CultureInfo.InvariantCulture));
        _nodes.Add(new OnnxNode(nodeName, opType, [.. inputs], names, attributes));
        return names;
    }

    /// <summary>Adds a float constant named after <paramref name="module"/> and <paramref name="name"/>; returns its graph name.</summary>
    public string Constant(Module module, string name, ReadOnlySpan<float> data, params ReadOnlySpan<int> dims)
    {
        long[] d = new long[dims.Length];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
            count *= d[i] = dims[i];
        if (count != data.Length)
            throw new ArgumentException($"ONNX export of {module.DisplayName}: constant '{name}' has {data.Length} values for dims {ShapeMath.Format(dims)}");
        string unique = UniqueName(Prefix(module) + name);
        _initializers.Add(new OnnxInitializer(unique, data.ToArray(), d));
        return unique;
    }

    /// <summary>A module's parameter or buffer as a constant of its own shape (each tensor stored once, under its qualified name).</summary>
    public string Constant(Module module, string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (_tensorNames.TryGetValue(tensor, out var existing))
            return existing;
        string unique = Constant(module, name, tensor.ToArray(), tensor.Shape);
        _tensorNames[tensor] = unique;
        return unique;
    }

    /// <summary>Adds a 1-D int64 constant (shapes, axes, sizes); returns its graph name.</summary>
    public string Int64Constant(Module module, string name, params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string unique = UniqueName(Prefix(module) + name);
        _initializers.Add(new OnnxInitializer(unique, values, [values.Length]));
        return unique;
    }

    /// <summary>Adds an int64 scalar constant (rank 0, e.g. a Gather index that drops the axis); returns its graph name.</summary>
    public string Int64Scalar(Module module, string name, long value)
    {
        string unique = UniqueName(Prefix(module) + name);
        _initializers.Add(new OnnxInitializer(unique, [value], []));
        return unique;
    }

    /// <summary>Adds a float scalar constant (rank 0); returns its graph name.</summary>
    public string Scalar(Module module, string name, float value)
    {
        string unique = UniqueName(Prefix(module) + name);
        _initializers.Add(new OnnxInitializer(unique, [value], []));
        return unique;
    }

    /// <summary>Throws when the target opset is below <paramref name="minimum"/>, the first opset with <paramref name="opType"/> as used.</summary>
    public void RequireOpset(Module module, string opType, int minimum)
    {
        if (Opset < minimum)
            throw Unsupported(module, $"it needs the ONNX operator {opType} from opset {minimum}, but opset {Opset} was requested; export with opset ≥ {minimum}");
    }

    /// <summary>The exception for a module that cannot be exported: it names the layer (qualified name and type) and the reason.</summary>
    public static NotSupportedException Unsupported(Module module, string reason)
    {
        ArgumentNullException.ThrowIfNull(module);
        string where = module.Name.Length == 0 ? "the model's root" : $"'{module.Name}'";
        return new NotSupportedException($"ONNX export: cannot export {module.GetType().Name} at {where}: {reason}");
    }

    internal string UniqueName(string name)
    {
        if (_names.Add(name))
            return name;
        for (int i = 1; ; i++)
        {
            string candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
            if (_names.Add(candidate))
                return candidate;
        }
    }

    internal void Rename(string from, string to)
    {
        foreach (var node in _nodes)
        {
            for (int i = 0; i < node.Inputs.Length; i++)
                if (node.Inputs[i] == from) node.Inputs[i] = to;
            for (int i = 0; i < node.Outputs.Length; i++)
                if (node.Outputs[i] == from) node.Outputs[i] = to;
        }
    }

    internal bool IsNodeOutput(string name)
    {
        foreach (var node in _nodes)
            if (Array.IndexOf(node.Outputs, name) >= 0)
                return true;
        return false;
    }

    private static string Prefix(Module module) => module.Name.Length == 0 ? "" : module.Name + ".";
}
