namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>softmax(x)ᵢ = exp(xᵢ − max x) / Σⱼ exp(xⱼ − max x) along <paramref name="dim"/>.</summary>
    public Tensor Softmax(int dim) => SoftmaxCore(dim, log: false);

    /// <summary>log-softmax(x)ᵢ = xᵢ − max x − ln Σⱼ exp(xⱼ − max x) along <paramref name="dim"/>.</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxCore(dim, log: true);

    private Tensor SoftmaxCore(int dim, bool log)
    {
        string name = log ? "log_softmax" : "softmax";
        int d = ShapeMath.NormalizeAxis(dim, Rank, name);
        var (outer, size, inner) = SplitAround(d);
        var x = IsContiguous ? this : Detach().Contiguous();
        var result = Allocate(Shape);
        Kernels.Softmax.Forward(x.ContiguousSpan(), result.ContiguousSpan(), outer, size, inner, log);
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new SoftmaxNode(name, this, result, d, log));
        return result;
    }

    private (int Outer, int Size, int Inner) SplitAround(int d)
    {
        if (Rank == 0) return (1, 1, 1);
        int outer = 1, inner = 1;
        for (int k = 0; k < d; k++) outer *= Shape[k];
        for (int k = d + 1; k < Rank; k++) inner *= Shape[k];
        return (outer, Shape[d], inner);
    }

    private sealed class SoftmaxNode(string name, Tensor input, Tensor output, int dim, bool log) : Node(name, input)
    {
        private Tensor? _output = output;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var (outer, size, inner) = Input(0).SplitAround(dim);
            var dx = Allocate(_output!.Shape);
            Kernels.Softmax.Backward(g.Contiguous().ContiguousSpan(), _output.ContiguousSpan(), dx.ContiguousSpan(), outer, size, inner, log);
            grads[0] = dx;
        }

        protected override void ReleaseSaved() => _output = null;
    }
}
