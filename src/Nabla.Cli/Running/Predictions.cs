using Nabla.Cli.Plots;
using Nabla.Data;
using Nabla.Training;

namespace Nabla.Cli.Running;

/// <summary>A classifier's predictions on a labeled dataset: probabilities, predicted and true classes.</summary>
public sealed class Predictions
{
    private Predictions(float[] probabilities, int classes, int[] predicted, int[] truth)
    {
        Probabilities = probabilities;
        Classes = classes;
        Predicted = predicted;
        Truth = truth;
    }

    /// <summary>Softmax probabilities, [samples × classes] row-major.</summary>
    public float[] Probabilities { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Predicted class (argmax) per sample.</summary>
    public int[] Predicted { get; }

    /// <summary>True class per sample.</summary>
    public int[] Truth { get; }

    /// <summary>Predicts <paramref name="modelInput"/> (normalized) and reads the labels of <paramref name="labeled"/>.</summary>
    public static Predictions Compute(Trainer trainer, IDataset modelInput, ILabeledDataset labeled, int batchSize)
    {
        var logits = trainer.Predict(modelInput, batchSize).ToArray();
        int n = labeled.Count, c = logits.Length / Math.Max(n, 1);
        var probabilities = Softmax(logits, n, c);
        var predicted = new int[n];
        var truth = new int[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int k = 1; k < c; k++)
                if (probabilities[i * c + k] > probabilities[i * c + best]) best = k;
            predicted[i] = best;
            truth[i] = labeled.LabelOf(i);
        }
        return new Predictions(probabilities, c, predicted, truth);
    }

    /// <summary>Row-wise softmax of logits [n × c].</summary>
    public static float[] Softmax(float[] logits, int n, int c)
    {
        var p = new float[logits.Length];
        for (int i = 0; i < n; i++)
        {
            float max = float.NegativeInfinity;
            for (int k = 0; k < c; k++) max = Math.Max(max, logits[i * c + k]);
            double sum = 0;
            for (int k = 0; k < c; k++) sum += Math.Exp(logits[i * c + k] - max);
            for (int k = 0; k < c; k++) p[i * c + k] = (float)(Math.Exp(logits[i * c + k] - max) / sum);
        }
        return p;
    }

    /// <summary>Counts [true, predicted].</summary>
    public int[,] Confusion()
    {
        int c = Math.Max(Classes, Truth.DefaultIfEmpty(0).Max() + 1);
        var counts = new int[c, c];
        for (int i = 0; i < Truth.Length; i++) counts[Truth[i], Predicted[i]]++;
        return counts;
    }

    /// <summary>Fraction of samples predicted correctly.</summary>
    public double Accuracy() => Truth.Length == 0 ? 0 : Truth.Where((t, i) => t == Predicted[i]).Count() / (double)Truth.Length;

    /// <summary>The indices of the <paramref name="count"/> wrong predictions made with the highest confidence.</summary>
    public int[] MostConfidentMistakes(int count) =>
        Enumerable.Range(0, Truth.Length).Where(i => Truth[i] != Predicted[i])
                  .OrderByDescending(i => Probabilities[i * Classes + Predicted[i]]).ThenBy(i => i).Take(count).ToArray();

    /// <summary>Tiles of the most confident mistakes, images taken from <paramref name="raw"/> (un-normalized).</summary>
    public List<ImageGrid.Tile> MistakeTiles(IDataset raw, IReadOnlyList<string> classNames, int count)
    {
        var shape = raw.InputShape;
        var tiles = new List<ImageGrid.Tile>();
        int size = 1;
        foreach (int d in shape) size *= d;
        var target = new float[Math.Max(1, raw.TargetShape.Length == 0 ? 1 : raw.TargetShape[0])];
        foreach (int i in MostConfidentMistakes(count))
        {
            var pixels = new float[size];
            raw.CopySample(i, pixels, target);
            string Name(int k) => k < classNames.Count ? classNames[k] : k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            float p = Probabilities[i * Classes + Predicted[i]];
            tiles.Add(new ImageGrid.Tile(pixels, shape[0], shape[1], shape[2], $"true: {Name(Truth[i])}\npred: {Name(Predicted[i])} {p * 100:0}%", Highlight: true));
        }
        return tiles;
    }
}
