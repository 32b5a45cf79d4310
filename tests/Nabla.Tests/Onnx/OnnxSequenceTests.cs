using Nabla.Nn;
using Nabla.Nn.Attention;
using Nabla.Nn.Recurrent;

namespace Nabla.Tests.Onnx;

/// <summary>
/// Recurrent and attention layers, and an LSTM classifier and a Transformer-encoder classifier, give Nabla's
/// eval-mode outputs in ONNX Runtime for two batch sizes (tolerance: see <see cref="OnnxRuntimeCheck"/>). The gate
/// reordering (LSTM i,f,g,o → i,o,f,c; GRU r,z,n → z,r,h) is what these comparisons check.
/// </summary>
public sealed class OnnxSequenceTests
{
    private static readonly Dictionary<string, (Func<Module> Make, int[] Shape)> Cases = new()
    {
        ["LSTM batch first"] = (() => new LSTM(5, 4, batchFirst: true), [1, 6, 5]),
        ["LSTM two layers bidirectional"] = (() => new LSTM(5, 4, numLayers: 2, bidirectional: true), [6, 1, 5]),
        ["LSTM no bias"] = (() => new LSTM(3, 4, bias: false, batchFirst: true), [1, 4, 3]),
        ["GRU batch first"] = (() => new GRU(5, 4, batchFirst: true), [1, 6, 5]),
        ["GRU two layers bidirectional"] = (() => new GRU(5, 3, numLayers: 2, bidirectional: true, batchFirst: true), [1, 5, 5]),
        ["RNN tanh"] = (() => new RNN(4, 3, batchFirst: true), [1, 5, 4]),
        ["RNN relu two layers"] = (() => new RNN(4, 3, numLayers: 2, nonlinearity: RnnNonlinearity.Relu), [5, 1, 4]),
        ["LSTMCell"] = (() => new LSTMCell(5, 4), [1, 5]),
        ["GRUCell"] = (() => new GRUCell(5, 4), [1, 5]),
        ["GRUCell no bias"] = (() => new GRUCell(3, 2, bias: false), [1, 3]),
        ["LastStep"] = (() => new Sequential(new GRU(3, 4, batchFirst: true), new LastStep()), [1, 5, 3]),
        ["MultiHeadAttention batch first"] = (() => new MultiHeadAttention(8, 2, batchFirst: true), [1, 5, 8]),
        ["MultiHeadAttention sequence first no bias"] = (() => new MultiHeadAttention(6, 3, bias: false), [4, 1, 6]),
        ["TransformerEncoderLayer"] = (() => new TransformerEncoderLayer(8, 2, 16, batchFirst: true), [1, 5, 8]),
        ["TransformerEncoderLayer pre-norm GELU"] = (() => new TransformerEncoderLayer(8, 4, 12, activation: TransformerActivation.Gelu,
                                                                                      batchFirst: true, normFirst: true), [1, 5, 8]),
        ["TransformerEncoder"] = (() => new TransformerEncoder(() => new TransformerEncoderLayer(8, 2, 16), 2, new LayerNorm(8)), [5, 1, 8]),
        ["SinusoidalPositionalEncoding"] = (() => new SinusoidalPositionalEncoding(6, maxLen: 20), [1, 7, 6]),
        ["LearnedPositionalEncoding"] = (() => new LearnedPositionalEncoding(10, 6), [1, 7, 6]),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Layer_matches_onnx_runtime(string name)
    {
        var (make, shape) = Cases[name];
        OnnxRuntimeCheck.AssertMatches(OnnxTestModels.Randomize(make(), 21), shape);
    }

    [Fact]
    public void Lstm_classifier_matches_onnx_runtime()
    {
        OnnxRuntimeCheck.AssertMatches(OnnxTestModels.LstmClassifier(), [1, 12], (s, g) => OnnxTestModels.Indices(s, 30, g), batches: [2, 5]);
    }

    [Fact]
    public void Transformer_encoder_classifier_matches_onnx_runtime()
    {
        var model = OnnxTestModels.Randomize(new Sequential(
            new Embedding(30, 16), new SinusoidalPositionalEncoding(16, maxLen: 64),
            new TransformerEncoder(() => new TransformerEncoderLayer(16, 4, 32, batchFirst: true), 2),
            new LastStep(), new Linear(16, 4)), 23);
        OnnxRuntimeCheck.AssertMatches(model, [1, 10], (s, g) => OnnxTestModels.Indices(s, 30, g), batches: [2, 5]);
    }

    [Fact]
    public void Transformer_encoder_with_gelu_matches_below_opset_20()
    {
        var model = OnnxTestModels.Randomize(
            new TransformerEncoderLayer(8, 2, 16, activation: TransformerActivation.Gelu, batchFirst: true), 24);
        OnnxRuntimeCheck.AssertMatches(model, [1, 5, 8], opset: 17);
    }
}
