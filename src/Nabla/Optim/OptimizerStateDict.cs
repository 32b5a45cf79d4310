namespace Nabla.Optim;

/// <summary>
/// An optimizer's state in memory, shaped like PyTorch's <c>optimizer.state_dict()</c>: the parameter groups'
/// hyper-parameters with the indices of their parameters (numbered across groups in order), and the per-parameter
/// state keyed by that index. Tensors are copies, so the dict is a snapshot; it holds only named tensors and
/// scalars, so it can be written as safetensors plus JSON.
/// </summary>
public sealed class OptimizerStateDict
{
    /// <summary>The parameter groups, in order.</summary>
    public List<ParamGroupEntry> ParamGroups { get; } = [];

    /// <summary>Per-parameter state by global parameter index; parameters never updated have no entry.</summary>
    public SortedDictionary<int, ParamStateEntry> State { get; } = [];
}

/// <summary>One parameter group in an <see cref="OptimizerStateDict"/>.</summary>
/// <param name="Options">Hyper-parameters by PyTorch name.</param>
/// <param name="Params">Global indices of the group's parameters.</param>
public sealed record ParamGroupEntry(Dictionary<string, double> Options, int[] Params);

/// <summary>One parameter's state in an <see cref="OptimizerStateDict"/>.</summary>
/// <param name="Scalars">Scalar state by name, including <c>step</c>.</param>
/// <param name="Tensors">State tensors by name (copies).</param>
public sealed record ParamStateEntry(Dictionary<string, double> Scalars, Dictionary<string, Tensor> Tensors);
