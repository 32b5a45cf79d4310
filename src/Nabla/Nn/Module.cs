using System.Diagnostics.CodeAnalysis;

namespace Nabla.Nn;

/// <summary>
/// A network building block: it owns parameters (trained tensors), buffers (saved, untrained state) and
/// sub-modules, and maps an input tensor to an output in <see cref="Forward"/>.
/// </summary>
/// <remarks>
/// Members are found automatically: every <see cref="Tensor"/> field or auto-property is a parameter (or a buffer
/// when marked <see cref="BufferAttribute"/>) and every <see cref="Module"/> field or auto-property is a
/// sub-module, named as PyTorch would (<c>RunningMean</c> → <c>running_mean</c>), in declaration order. Containers
/// add indexed children with <see cref="RegisterModule{T}"/>. A null member (a layer built without bias) is skipped.
/// Qualified names such as <c>features.0.weight</c> are assigned to each module when the tree is walked (any of
/// <see cref="Parameters"/>, <see cref="NamedModules"/>, <see cref="StateDict"/>...) and to a container's subtree when
/// <see cref="RegisterModule{T}"/> adds it, and layers use them in error messages.
/// </remarks>
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields |
                            DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.NonPublicProperties)]
public abstract partial class Module
{
    private readonly List<(string Name, Module Module)> _registered = [];
    private readonly List<(string Name, Tensor Parameter)> _registeredParameters = [];

    /// <summary>The qualified name of this module inside the model it was last walked from ("" for the root).</summary>
    public string Name { get; private set; } = "";

    /// <summary>True in training mode (dropout active, batch-norm uses batch statistics), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Maps an input to an output. Layers validate the input's shape and name themselves in errors.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Adds an explicitly named sub-module (used by containers such as <see cref="Sequential"/>).</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"RegisterModule: name '{name}' must be non-empty and contain no '.'", nameof(name));
        foreach (var (existing, _) in _registered)
            if (existing == name)
                throw new ArgumentException($"RegisterModule: {DisplayName} already has a sub-module named '{name}'", nameof(name));
        _registered.Add((name, module));
        // Name the new subtree now, relative to this module's current name, so that a layer's errors say where it
        // sits in a container even before anything walks the whole tree (a later walk from the root renames it).
        Walk(module, Name.Length == 0 ? name : Name + "." + name, new HashSet<Module>(ReferenceEqualityComparer.Instance) { this }, []);
        return module;
    }

    /// <summary>
    /// Adds an explicitly named parameter, after the declared ones (for layers whose parameter names depend on their
    /// configuration, like an LSTM's <c>weight_ih_l1_reverse</c>; PyTorch's register_parameter).
    /// </summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"RegisterParameter: name '{name}' must be non-empty and contain no '.'", nameof(name));
        foreach (var (existing, _) in _registeredParameters)
            if (existing == name)
                throw new ArgumentException($"RegisterParameter: {DisplayName} already has a parameter named '{name}'", nameof(name));
        _registeredParameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>The direct sub-modules with their local names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var member in ModuleMembers.Of(this))
            if (member.Kind == ModuleMembers.Kind.Child && member.Field.GetValue(this) is Module child)
                yield return (member.Name, child);
        foreach (var entry in _registered)
            yield return entry;
    }

    /// <summary>Direct sub-modules.</summary>
    public IEnumerable<Module> Children()
    {
        foreach (var (_, child) in NamedChildren())
            yield return child;
    }

    /// <summary>This module and every module below it, with qualified names (this one is ""), depth first.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var result = new List<(string, Module)>();
        Walk(this, "", seen, result);
        return result;
    }

    private static void Walk(Module module, string path, HashSet<Module> seen, List<(string, Module)> result)
    {
        if (!seen.Add(module))
            return;
        module.Name = path;
        result.Add((path, module));
        foreach (var (name, child) in module.NamedChildren())
            Walk(child, path.Length == 0 ? name : path + "." + name, seen, result);
    }

    /// <summary>Every parameter of this module and its sub-modules (each once), in state-dict order.</summary>
    public IEnumerable<Tensor> Parameters()
    {
        foreach (var (_, p) in NamedParameters())
            yield return p;
    }

    /// <summary>Parameters with qualified names (<c>features.0.weight</c>), each tensor once.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters() => NamedTensors(ModuleMembers.Kind.Parameter);

    /// <summary>Buffers with qualified names (<c>bn.running_mean</c>), each tensor once.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers() => NamedTensors(ModuleMembers.Kind.Buffer);

    private List<(string, Tensor)> NamedTensors(ModuleMembers.Kind kind)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var result = new List<(string, Tensor)>();
        foreach (var (path, module) in NamedModules())
            foreach (var (name, tensor) in module.LocalTensors(kind))
                if (seen.Add(tensor))
                    result.Add((path.Length == 0 ? name : path + "." + name, tensor));
        return result;
    }

    private IEnumerable<(string Name, Tensor Tensor)> LocalTensors(ModuleMembers.Kind kind)
    {
        foreach (var member in ModuleMembers.Of(this))
            if (member.Kind == kind && member.Field.GetValue(this) is Tensor tensor)
                yield return (member.Name, tensor);
        if (kind == ModuleMembers.Kind.Parameter)
            foreach (var entry in _registeredParameters)
                yield return entry;
    }

    /// <summary>Sets training (true) or evaluation (false) mode on this module and all sub-modules.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var (_, module) in NamedModules())
            module.Training = mode;
        return this;
    }

    /// <summary>Evaluation mode: dropout off, batch-norm uses its running statistics.</summary>
    public Module Eval() => Train(false);

    /// <summary>Stops gradients for every parameter (transfer learning: a frozen backbone).</summary>
    public Module Freeze() => SetRequiresGrad(false);

    /// <summary>Re-enables gradients for every parameter.</summary>
    public Module Unfreeze() => SetRequiresGrad(true);

    private Module SetRequiresGrad(bool value)
    {
        foreach (var p in Parameters())
            p.RequiresGrad = value;
        return this;
    }

    /// <summary>Number of scalar parameters; with <paramref name="trainableOnly"/>, only those not frozen.</summary>
    public long ParameterCount(bool trainableOnly = false)
    {
        long count = 0;
        foreach (var p in Parameters())
            if (!trainableOnly || p.RequiresGrad)
                count += p.Numel;
        return count;
    }

    /// <summary>How this module is named in messages: its type and, inside a model, its qualified name.</summary>
    public string DisplayName => Name.Length == 0 ? GetType().Name : $"{GetType().Name} '{Name}'";

    /// <summary>The constructor arguments shown by <see cref="ToString"/>, as PyTorch's extra_repr.</summary>
    protected virtual string ExtraRepr => "";

    /// <summary>A PyTorch-style tree of the module and its sub-modules.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        Describe(sb, 0);
        return sb.ToString();
    }

    private void Describe(System.Text.StringBuilder sb, int indent)
    {
        sb.Append(GetType().Name).Append('(').Append(ExtraRepr);
        bool any = false;
        foreach (var (name, child) in NamedChildren())
        {
            any = true;
            sb.Append('\n').Append(' ', indent + 2).Append('(').Append(name).Append("): ");
            child.Describe(sb, indent + 2);
        }
        if (any)
            sb.Append('\n').Append(' ', indent);
        sb.Append(')');
    }

    /// <summary>Creates a trainable parameter of the given shape (zero-filled, managed storage, requires grad).</summary>
    protected static Tensor CreateParameter(params ReadOnlySpan<int> shape)
    {
        var t = Tensor.AllocateUnscoped(shape);
        t.ContiguousSpan().Clear();
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Creates a buffer of the given shape filled with <paramref name="value"/> (managed storage).</summary>
    protected static Tensor CreateBuffer(float value, params ReadOnlySpan<int> shape)
    {
        var t = Tensor.AllocateUnscoped(shape);
        t.ContiguousSpan().Fill(value);
        return t;
    }
}
