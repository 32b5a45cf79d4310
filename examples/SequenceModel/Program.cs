using System.Diagnostics;
using Nabla;
using Nabla.Data.Text;
using Nabla.Losses;
using Nabla.Optim;
using Nabla.Training.Callbacks;
using SequenceModel;

// A character-level LSTM language model with temperature sampling:
//   dotnet run -c Release --project examples/SequenceModel [-- seconds [text-file]]
// or sequential Fashion-MNIST (image rows as time steps) with an LSTM classifier:
//   dotnet run -c Release --project examples/SequenceModel -- fashion [epochs]
const ulong Seed = 3;
if (args.Length > 0 && args[0] == "fashion")
    return SequentialFashion.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2);
double budget = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 45;
string text = args.Length > 1 ? File.ReadAllText(args[1]) : Text.Declaration;
Generator.ManualSeed(Seed);

var tokenizer = new CharTokenizer();
var chars = tokenizer.Tokenize(text.Replace('\r', ' ').Replace('\n', ' '));   // the vocabulary holds no line breaks
var vocabulary = Vocabulary.Build([chars]);
int[] ids = vocabulary.Encode(chars);
const int Length = 48, Batch = 32;
if (ids.Length < 2 * Length)
{
    Console.Error.WriteLine($"the text has {ids.Length} characters; give one of at least {2 * Length}");
    return 1;
}
Console.WriteLine($"text: {ids.Length} characters, {vocabulary.Count} symbols; training for about {budget:F0} s");

var g = new Generator(Seed);
var model = new CharModel(vocabulary.Count, g);
var optimizer = new Adam(model.Parameters(), lr: 3e-3);
var x = new float[Batch * Length];
var y = new float[Batch * Length];
var clock = Stopwatch.StartNew();
int step = 0;
double smoothed = Math.Log(vocabulary.Count);
while (clock.Elapsed.TotalSeconds < budget)
{
    // A batch of random windows; the target is the window shifted by one character.
    for (int b = 0; b < Batch; b++)
    {
        int start = (int)(g.NextDouble() * (ids.Length - Length - 1));
        for (int t = 0; t < Length; t++)
        {
            x[b * Length + t] = ids[start + t];
            y[b * Length + t] = ids[start + t + 1];
        }
    }
    double norm;
    using (TensorScope.Enter())
    {
        optimizer.ZeroGrad();
        var logits = model.Forward(Tensor.FromArray(x, Batch, Length));
        var loss = Loss.CrossEntropy(logits.Reshape(-1, vocabulary.Count), Tensor.FromArray(y, Batch * Length));
        loss.Backward();
        norm = GradientNormTracker.Measure(model)["grad_norm/lstm"];
        GradClip.ClipGradNorm(model.Parameters(), 1.0);   // clipping through time keeps the LSTM stable
        optimizer.Step();
        smoothed = 0.95 * smoothed + 0.05 * loss.Item();
    }
    if (++step % 50 == 0)
        Console.WriteLine($"step {step}: loss {smoothed:F3} (bits/char {smoothed / Math.Log(2):F2}), LSTM gradient norm {norm:F3}, {clock.Elapsed.TotalSeconds:F0} s");
}

model.Eval();
var prompt = vocabulary.Encode(tokenizer.Tokenize("We hold these "));
foreach (float temperature in new[] { 0.5f, 1.0f, 1.5f })
{
    var sample = model.Sample(prompt, 200, temperature, new Generator(Seed));
    Console.WriteLine($"\n--- temperature {temperature}:\nWe hold these {string.Concat(vocabulary.Decode(sample.ToArray()))}");
}
return 0;
