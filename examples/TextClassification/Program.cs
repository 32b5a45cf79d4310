using System.Diagnostics;
using Nabla;
using Nabla.Data;
using Nabla.Data.Text;
using Nabla.Data.Text.Augment;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Callbacks;
using Nabla.Training.Metrics;
using TextClassification;

// Text classification with an LSTM and with a small Transformer encoder:
//   dotnet run -c Release --project examples/TextClassification [-- epochs]
const ulong Seed = 7;
const int MaxLen = 24;
int epochs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 6;
Generator.ManualSeed(Seed);

var (samples, classes, source) = Corpus.Load(Seed);
Console.WriteLine($"data: {samples.Count} texts in {classes.Length} classes ({string.Join(", ", classes)}) from {source}");

// Split 80/20 after a seeded shuffle; only the training texts are augmented (EDA, 4 copies each).
var order = Enumerable.Range(0, samples.Count).ToArray();
new Random((int)Seed).Shuffle(order);
int trainCount = samples.Count * 4 / 5;
var train = order[..trainCount].Select(i => samples[i]).ToList();
var test = order[trainCount..].Select(i => samples[i]).ToList();
var eda = new Eda(options: new EdaOptions { NumAug = 4 });
var edaRng = new Generator(Seed);
var augmented = new List<(string, int)>(train);
foreach (var (text, label) in train)
    foreach (var variant in eda.Augment(text, edaRng))
        augmented.Add((variant, label));

var tokenizer = new WordTokenizer();
var vocabulary = Vocabulary.Build(augmented.Select(s => (IEnumerable<string>)tokenizer.Tokenize(s.Item1)), minFrequency: 2);
Console.WriteLine($"train: {train.Count} texts (+ EDA: {augmented.Count}), test: {test.Count}, vocabulary: {vocabulary.Count} tokens");

TensorDataset Encode(List<(string Text, int Label)> set)
{
    var ids = new float[set.Count * MaxLen];
    var labels = new float[set.Count];
    for (int i = 0; i < set.Count; i++)
    {
        var padded = Padding.PadOrTruncate(vocabulary.Encode(tokenizer.Tokenize(set[i].Text)), MaxLen, vocabulary.PadIndex);
        for (int t = 0; t < MaxLen; t++) ids[i * MaxLen + t] = padded[t];
        labels[i] = set[i].Label;
    }
    return new TensorDataset(Tensor.FromArray(ids, set.Count, MaxLen), Tensor.FromArray(labels, set.Count));
}

var trainSet = Encode(augmented);
var testSet = Encode(test);
foreach (var (name, model) in new (string, Module)[]
         {
             ("embedding + bidirectional LSTM", new LstmClassifier(vocabulary.Count, classes.Length, vocabulary.PadIndex, new Generator(Seed))),
             ("embedding + Transformer encoder", new TransformerClassifier(vocabulary.Count, classes.Length, vocabulary.PadIndex, MaxLen, new Generator(Seed))),
         })
{
    Console.WriteLine($"\n== {name}: {model.ParameterCount():N0} parameters");
    var optimizer = new Adam(model.Parameters(), lr: 2e-3) { MaxGradNorm = 5 };
    var trainer = new Trainer(model, optimizer, new CrossEntropyLoss(), [new Accuracy()], Seed);
    var gradients = new GradientNormTracker(depth: 1);
    var clock = Stopwatch.StartNew();
    var history = trainer.Fit(trainSet, new FitOptions { Epochs = epochs, BatchSize = 64, Validation = testSet, Callbacks = [gradients], Verbose = 0 });
    for (int e = 0; e < history.Epochs.Count; e++)
    {
        var norms = string.Join(", ", history.Values.Keys.Where(k => k.StartsWith("grad_norm/", StringComparison.Ordinal))
                                                        .Select(k => $"{k[10..]} {history[k][e]:F3}"));
        Console.WriteLine($"epoch {e + 1}: loss {history["loss"][e]:F4}, val_accuracy {history["val_accuracy"][e]:F4}; grad norms: {norms}");
    }
    Console.WriteLine($"test accuracy {history["val_accuracy"][^1]:F4} in {clock.Elapsed.TotalSeconds:F1} s");
}
