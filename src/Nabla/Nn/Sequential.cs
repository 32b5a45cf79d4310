namespace Nabla.Nn;

/// <summary>
/// A chain of modules: y = mₙ(…m₂(m₁(x))). Children are named "0", "1", … as in PyTorch. A Linear layer directly
/// followed by a ReLU runs as one fused GEMM with the bias and ReLU in its epilogue (same result, one pass fewer);
/// a BatchNorm2d followed by a ReLU and a 2x2 stride-2 MaxPool2d runs as one fused op
/// (<see cref="Tensor.BatchNormReluMaxPool2d"/>: same result, two full-size tensors and four passes fewer).
/// </summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    /// <summary>Chains the given modules in order.</summary>
    public Sequential(params IEnumerable<Module> layers)
    {
        foreach (var layer in layers)
            Add(layer);
    }

    /// <summary>Appends a module (named by its position).</summary>
    public Sequential Add(Module layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>Number of modules in the chain.</summary>
    public int Count => _layers.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end).</summary>
    public Module this[int index] => _layers[index < 0 ? _layers.Count + index : index];

    /// <summary>The modules in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            Tensor next;
            if (_layers[i] is Linear linear && i + 1 < _layers.Count && _layers[i + 1] is ReLU)
            {
                next = linear.ForwardRelu(x);
                i++;
            }
            else if (_layers[i] is BatchNorm2d norm && i + 2 < _layers.Count && _layers[i + 1] is ReLU &&
                     _layers[i + 2] is MaxPool2d { IsPlain2x2: true } && x.Rank == 4 && x.Shape[2] >= 2 && x.Shape[3] >= 2)
            {
                next = norm.ForwardReluMaxPool2x2(x);
                i += 2;
            }
            else
                next = _layers[i].Forward(x);
            // Without a graph nothing reads an intermediate again: recycle it now, so inference holds at most
            // two activations at a time instead of every layer's output.
            if (!Autograd.IsEnabled && !ReferenceEquals(x, input) && !ReferenceEquals(x.Storage, next.Storage))
                TensorScope.ReleaseNow(x);
            x = next;
        }
        return x;
    }
}
