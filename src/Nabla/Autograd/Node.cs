namespace Nabla;

/// <summary>
/// A recorded operation in the autograd graph: it holds the op's inputs (and whatever it saved from the
/// forward pass) and turns the gradient of its output into gradients of its inputs.
/// </summary>
public abstract class Node
{
    private Tensor? _input0;
    private Tensor? _input1;
    private Tensor[]? _inputs;

    /// <summary>A node with one input.</summary>
    protected Node(string name, Tensor input)
    {
        Name = name;
        _input0 = input;
        InputCount = 1;
    }

    /// <summary>A node with two inputs.</summary>
    protected Node(string name, Tensor input0, Tensor input1)
    {
        Name = name;
        _input0 = input0;
        _input1 = input1;
        InputCount = 2;
    }

    /// <summary>A node with any number of inputs.</summary>
    protected Node(string name, Tensor[] inputs)
    {
        Name = name;
        _inputs = inputs;
        InputCount = inputs.Length;
    }

    /// <summary>The op's name, as shown in error messages and <c>grad_fn</c>.</summary>
    public string Name { get; }

    /// <summary>Number of inputs.</summary>
    public int InputCount { get; }

    /// <summary>True once a backward pass without retainGraph has released what this node saved.</summary>
    public bool IsFreed { get; private set; }

    /// <summary>The <paramref name="index"/>-th input.</summary>
    public Tensor Input(int index)
    {
        if (IsFreed) throw BackwardEngine.FreedGraphError(this);
        return _inputs is not null ? _inputs[index] : index == 0 ? _input0! : _input1!;
    }

    /// <summary>Whether the <paramref name="index"/>-th input wants a gradient.</summary>
    protected bool NeedsGrad(int index) => Input(index).RequiresGrad;

    /// <summary>
    /// Writes the gradient of each input that needs one into <paramref name="inputGrads"/> (same shape as that
    /// input), given <paramref name="grad"/>, the gradient of the output. Runs with recording off.
    /// </summary>
    protected internal abstract void Backward(Tensor grad, Span<Tensor?> inputGrads);

    /// <summary>Drops tensors saved for backward; called when the graph is freed.</summary>
    protected virtual void ReleaseSaved() { }

    internal Tensor? PendingGrad { get; set; }
    internal Tensor? RetainTarget { get; set; }
    internal int VisitMark { get; set; }

    internal void Free()
    {
        if (IsFreed) return;
        ReleaseSaved();
        _input0 = null;
        _input1 = null;
        _inputs = null;
        IsFreed = true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"<{Name}Backward>";
}
