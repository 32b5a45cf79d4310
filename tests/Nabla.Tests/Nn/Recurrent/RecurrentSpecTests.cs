using Nabla.Nn;
using Nabla.Nn.Attention;
using Nabla.Nn.Recurrent;
using Nabla.Serialization.Architecture;

namespace Nabla.Tests.Nn.Recurrent;

/// <summary>Sequence layers in model specs: described to JSON and rebuilt with the same structure and state-dict keys.</summary>
public sealed class RecurrentSpecTests
{
    [Fact]
    public void SequenceLayersRoundTripThroughModelSpecs()
    {
        var model = new Sequential(
            new Embedding(20, 8), new LearnedPositionalEncoding(12, 8), new SinusoidalPositionalEncoding(8, maxLen: 12),
            new TransformerEncoderLayer(8, 2, 16, 0f, TransformerActivation.Gelu, batchFirst: true, normFirst: true),
            new MultiHeadAttention(8, 4, batchFirst: true),
            new LSTM(8, 6, numLayers: 2, batchFirst: true, bidirectional: true, dropout: 0.2f),
            new GRU(12, 5, batchFirst: true), new RNN(5, 4, nonlinearity: RnnNonlinearity.Relu, batchFirst: true, bias: false),
            new LastStep(), new Linear(4, 3));
        var spec = ModelSpec.Describe(model);
        var rebuilt = ModelSpec.Parse(spec.ToJsonString());
        Assert.Equal(model.ToString(), rebuilt.ToString());
        var expected = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape.ToArray());
        var actual = rebuilt.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape.ToArray());
        Assert.Equal(expected, actual);
        var output = rebuilt.Forward(Tensor.Zeros(2, 7));
        Assert.Equal([2, 3], output.Shape.ToArray());
    }
}
