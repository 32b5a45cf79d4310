using Nabla;
using Nabla.Nn;
using Nabla.Nn.Recurrent;

namespace SequenceModel;

/// <summary>Character language model: Embedding → 2-layer LSTM → Linear to next-character logits.</summary>
internal sealed class CharModel(int vocabulary, Generator g) : Module
{
    public Embedding Embedding { get; } = new(vocabulary, 32, generator: g);
    public LSTM Lstm { get; } = new(32, 192, numLayers: 2, batchFirst: true, dropout: 0.1f, generator: g);
    public Linear Head { get; } = new(192, vocabulary, generator: g);

    /// <summary>Logits [N, T, V] for token ids [N, T].</summary>
    public override Tensor Forward(Tensor input) => Head.Forward(Lstm.Forward(Embedding.Forward(input)));

    /// <summary>
    /// Generates <paramref name="count"/> characters after <paramref name="prompt"/>: the prompt sets the LSTM state,
    /// then each step samples from softmax(logits / temperature) and feeds the sample back in (state carried with
    /// h and c, one step at a time).
    /// </summary>
    public List<int> Sample(IReadOnlyList<int> prompt, int count, float temperature, Generator g)
    {
        var result = new List<int>(count);
        using (Autograd.NoGrad())
        {
            var ids = Tensor.FromArray(prompt.Select(i => (float)i).ToArray(), 1, prompt.Count);
            var (output, h, c) = Lstm.Run(Embedding.Forward(ids));
            var logits = Head.Forward(output.Select(1, -1));
            for (int k = 0; k < count; k++)
            {
                var p = logits.MulScalar(1f / temperature).Softmax(-1).ToArray();
                double u = g.NextDouble(), acc = 0;
                int next = p.Length - 1;
                for (int i = 0; i < p.Length; i++)
                    if ((acc += p[i]) > u) { next = i; break; }
                result.Add(next);
                (output, h, c) = Lstm.Run(Embedding.Forward(Tensor.FromArray([next], 1, 1)), h, c);
                logits = Head.Forward(output.Select(1, -1));
            }
        }
        return result;
    }
}
