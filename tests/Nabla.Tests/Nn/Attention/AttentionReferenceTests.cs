using Nabla.Nn;
using Nabla.Nn.Attention;
using Nabla.Tests.Nn.Recurrent;

namespace Nabla.Tests.Nn.Attention;

/// <summary>
/// MultiHeadAttention, TransformerEncoderLayer (pre- and post-norm, ReLU and GELU, eval mode, dropout 0) and a
/// TransformerEncoder stack against PyTorch 1.13 (fixtures/seq.json): outputs, head-averaged attention weights and
/// the gradients with respect to inputs and every parameter, with key padding, causal and float masks. Parameters
/// are loaded strictly by PyTorch's state-dict names. Tolerances: see <see cref="SeqFixture.Close"/>.
/// </summary>
public sealed class AttentionReferenceTests
{
    public static IEnumerable<object[]> MhaCases => SeqFixture.Names("mha");
    public static IEnumerable<object[]> EncoderCases => SeqFixture.Names("encoder_layer", "encoder");

    [Theory]
    [MemberData(nameof(MhaCases))]
    public void MultiHeadAttentionMatchesPyTorch(string name)
    {
        var c = SeqFixture.Get(name);
        var mha = new MultiHeadAttention(c.Int("embed_dim"), c.Int("num_heads"), batchFirst: c.Bool("batch_first"));
        mha.LoadStateDict(c.StateDict());
        Assert.Equal(c.StateDict().Keys, mha.StateDict().Keys);
        var q = c.Tensor("query", requiresGrad: true);
        var k = c.Bool("self_attn") ? q : c.Tensor("key", requiresGrad: true);
        var v = c.Bool("self_attn") ? q : c.Tensor("value", requiresGrad: true);
        var kpm = c.Has("key_padding_mask") ? c.Tensor("key_padding_mask") : null;
        var mask = c.Bool("causal") ? MultiHeadAttention.CausalMask(q.Shape[c.Bool("batch_first") ? 1 : 0])
                 : c.Has("attn_mask") ? c.Tensor("attn_mask") : null;
        var (output, weights) = mha.Run(q, k, v, kpm, mask);
        SeqFixture.Close($"{name} output", c.Data("out.output"), output);
        SeqFixture.Close($"{name} weights", c.Data("out.weights"), weights);
        ((output * c.Tensor("up.output")).Sum() + (weights! * c.Tensor("up.weights")).Sum()).Backward();
        SeqFixture.Close($"{name} grad query", c.Data("grad.query"), q.Grad);
        if (!c.Bool("self_attn"))
        {
            SeqFixture.Close($"{name} grad key", c.Data("grad.key"), k.Grad);
            SeqFixture.Close($"{name} grad value", c.Data("grad.value"), v.Grad);
        }
        foreach (var (key, p) in mha.NamedParameters())
            SeqFixture.Close($"{name} grad {key}", c.Data("grad.param." + key), p.Grad);
    }

    [Theory]
    [MemberData(nameof(EncoderCases))]
    public void EncoderMatchesPyTorch(string name)
    {
        var c = SeqFixture.Get(name);
        TransformerEncoderLayer MakeLayer() => new(c.Int("d_model"), c.Int("nhead"), c.Int("dim_feedforward"), 0f,
            c.String("activation") == "gelu" ? TransformerActivation.Gelu : TransformerActivation.Relu,
            batchFirst: c.Bool("batch_first"), normFirst: c.Bool("norm_first"));
        int layers = c.Int("num_layers");
        Module model = layers == 0 ? MakeLayer() : new TransformerEncoder(MakeLayer, layers, new LayerNorm(c.Int("d_model")));
        Assert.Equal(c.StateDict().Keys, model.StateDict().Keys);
        model.LoadStateDict(c.StateDict());
        model.Eval();
        var x = c.Tensor("input", requiresGrad: true);
        var kpm = c.Has("key_padding_mask") ? c.Tensor("key_padding_mask") : null;
        var mask = c.Bool("causal") ? MultiHeadAttention.CausalMask(x.Shape[c.Bool("batch_first") ? 1 : 0]) : null;
        var output = model is TransformerEncoder stack ? stack.Forward(x, mask, kpm) : ((TransformerEncoderLayer)model).Forward(x, mask, kpm);
        SeqFixture.Close($"{name} output", c.Data("out.output"), output);
        (output * c.Tensor("up.output")).Sum().Backward();
        SeqFixture.Close($"{name} grad input", c.Data("grad.input"), x.Grad);
        foreach (var (key, p) in model.NamedParameters())
            SeqFixture.Close($"{name} grad {key}", c.Data("grad.param." + key), p.Grad);
    }

    [Fact]
    public void CausalMaskBlocksTheFuture()
    {
        Generator.ManualSeed(4);
        var mha = new MultiHeadAttention(8, 2, batchFirst: true);
        var x = Tensor.Randn(1, 5, 8);
        var (_, w) = mha.Run(x, x, x, attnMask: MultiHeadAttention.CausalMask(5));
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                if (j > i) Assert.Equal(0f, w![0, i, j]);
                else Assert.True(w![0, i, j] > 0f);
    }

    [Fact]
    public void SinusoidalEncodingAddsThePaperTable()
    {
        var pe = new SinusoidalPositionalEncoding(6, maxLen: 10);
        var y = pe.Forward(Tensor.Zeros(2, 4, 6));
        for (int p = 0; p < 4; p++)
            for (int i = 0; i < 6; i += 2)
            {
                double angle = p / Math.Pow(10000, (double)i / 6);
                Assert.Equal(Math.Sin(angle), y[1, p, i], 5);
                Assert.Equal(Math.Cos(angle), y[1, p, i + 1], 5);
            }
        Assert.Empty(pe.StateDict());
        var timeMajor = new SinusoidalPositionalEncoding(6, maxLen: 10, batchFirst: false).Forward(Tensor.Zeros(4, 2, 6));
        Assert.Equal(y[0, 3, 1], timeMajor[3, 1, 1]);
        var e = Assert.Throws<ArgumentException>(() => pe.Forward(Tensor.Zeros(1, 11, 6)));
        Assert.Contains("max_len is 10", e.Message);
    }

    [Fact]
    public void LearnedEncodingIsTrainedPerPosition()
    {
        var pe = new LearnedPositionalEncoding(8, 4);
        Assert.Equal(["weight"], pe.StateDict().Keys);
        var x = Tensor.Zeros(3, 5, 4);
        pe.Forward(x).Sum().Backward();
        var grad = pe.Weight.Grad!;
        Assert.Equal(3f, grad[4, 2]);
        Assert.Equal(0f, grad[5, 0]);
    }

    [Fact]
    public void BadShapesNameTheLayer()
    {
        var mha = new MultiHeadAttention(8, 2);
        var e = Assert.Throws<ArgumentException>(() => mha.Forward(Tensor.Zeros(3, 2, 6)));
        Assert.Contains("E = 8", e.Message);
        var x = Tensor.Zeros(3, 2, 8);
        e = Assert.Throws<ArgumentException>(() => mha.Run(x, x, x, keyPaddingMask: Tensor.Zeros(3, 2)));
        Assert.Contains("keyPaddingMask must be [N, S] = [2, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => new MultiHeadAttention(10, 3));
    }
}
