namespace Nabla.Optim;

/// <summary>
/// The optimizer state of one parameter, with PyTorch's names: the update count <c>step</c>, state tensors such as
/// <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c>, <c>momentum_buffer</c>, <c>square_avg</c>,
/// <c>acc_delta</c>, <c>grad_avg</c>, <c>exp_inf</c>, <c>sum</c>, and scalars such as <c>mu_product</c> (NAdam).
/// </summary>
public sealed class ParamState
{
    private readonly Dictionary<string, Tensor> _tensors = [];
    private readonly Dictionary<string, double> _scalars = [];

    /// <summary>How many updates this parameter has received (PyTorch's <c>state['step']</c>).</summary>
    public long Step { get; set; }

    /// <summary>The state tensors by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors;

    /// <summary>Scalar state other than <see cref="Step"/> by name (e.g. NAdam's <c>mu_product</c>).</summary>
    public IReadOnlyDictionary<string, double> Scalars => _scalars;

    /// <summary>The state tensor <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such state tensor.</exception>
    public Tensor this[string name] => _tensors.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"ParamState: no state tensor '{name}' (has: {string.Join(", ", _tensors.Keys)})");

    /// <summary>The state tensor <paramref name="name"/>, created filled with <paramref name="fill"/> when missing.</summary>
    internal Tensor GetOrCreate(string name, Tensor like, float fill = 0f)
    {
        if (!_tensors.TryGetValue(name, out var t))
        {
            t = Tensor.AllocateUnscoped(like.Shape);
            t.ContiguousSpan().Fill(fill);
            _tensors[name] = t;
        }
        return t;
    }

    /// <summary>Sets a state tensor (used when loading a state dict).</summary>
    internal void SetTensor(string name, Tensor value) => _tensors[name] = value;

    /// <summary>Removes a state tensor, if present.</summary>
    internal void RemoveTensor(string name) => _tensors.Remove(name);

    /// <summary>Reads a scalar, or <paramref name="fallback"/> when missing.</summary>
    public double Scalar(string name, double fallback) => _scalars.TryGetValue(name, out double v) ? v : fallback;

    /// <summary>Sets a scalar.</summary>
    internal void SetScalar(string name, double value) => _scalars[name] = value;
}
