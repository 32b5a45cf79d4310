using Nabla.Data;
using Nabla.Data.Splits;
using Nabla.Training;

namespace Nabla.Tuning.Validation;

/// <summary>
/// k-fold and stratified k-fold cross-validation of a training recipe: for each fold a fresh trainer from the
/// factory is fitted on the other folds (with the fold as validation data, so the history has val_ logs), then
/// evaluated on the fold; the result reports every metric's mean ± sample standard deviation across folds.
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// The folds of <paramref name="data"/>: <see cref="StratifiedKFold"/> (needs an <see cref="ILabeledDataset"/>)
    /// or <see cref="KFold"/>, shuffled from <paramref name="seed"/> when asked.
    /// </summary>
    public static Fold[] Folds(IDataset data, int k = 5, bool stratified = false, bool shuffle = true, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!stratified)
            return new KFold(k, shuffle, seed).Split(data);
        if (data is not ILabeledDataset labeled)
            throw new ArgumentException($"CrossValidation: stratified folds need a labeled dataset (ILabeledDataset); {data.GetType().Name} has no labels — use stratified: false");
        return new StratifiedKFold(k, shuffle, seed).Split(labeled);
    }

    /// <summary>k-fold cross-validation of the trainers made by <paramref name="trainerFactory"/> (called with the fold number).</summary>
    /// <param name="data">All samples.</param>
    /// <param name="trainerFactory">A fresh, untrained trainer for fold i (build the model from a seed per fold or a shared one).</param>
    /// <param name="options">Fit options; Validation is replaced by the fold and ValidationSplit must be 0.</param>
    /// <param name="k">Number of folds.</param>
    /// <param name="stratified">Keep class proportions in each fold.</param>
    /// <param name="shuffle">Shuffle before cutting folds.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <param name="onFold">Called after each fold (progress).</param>
    public static CrossValidationResult Run(IDataset data, Func<int, Trainer> trainerFactory, FitOptions options, int k = 5,
                                            bool stratified = false, bool shuffle = true, ulong seed = 0, Action<FoldResult>? onFold = null) =>
        Run(data, Folds(data, k, stratified, shuffle, seed), trainerFactory, options, onFold);

    /// <summary>Cross-validation over given <paramref name="folds"/> (e.g. from a custom splitter).</summary>
    public static CrossValidationResult Run(IDataset data, IReadOnlyList<Fold> folds, Func<int, Trainer> trainerFactory,
                                            FitOptions options, Action<FoldResult>? onFold = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(trainerFactory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ValidationSplit > 0)
            throw new ArgumentException("CrossValidation: FitOptions.ValidationSplit must be 0; each fold is the validation data");
        return Run(folds, fold =>
        {
            var train = Subset.Create(data, fold.Train);
            var validation = Subset.Create(data, fold.Validation);
            var trainer = trainerFactory(fold.Index) ?? throw new InvalidOperationException($"CrossValidation: the trainer factory returned null for fold {fold.Index}");
            var history = trainer.Fit(train, options with { Validation = validation });
            return (trainer.Evaluate(validation, options.BatchSize), history);
        }, onFold);
    }

    /// <summary>
    /// Cross-validation with a custom per-fold procedure (for example the CLI's config-driven training): it receives
    /// the fold and returns the metrics measured on the fold's validation part and, optionally, a history.
    /// </summary>
    public static CrossValidationResult Run(IReadOnlyList<Fold> folds,
                                            Func<Fold, (IReadOnlyDictionary<string, double> Metrics, History? History)> runFold,
                                            Action<FoldResult>? onFold = null)
    {
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(runFold);
        if (folds.Count == 0)
            throw new ArgumentException("CrossValidation: no folds were given");
        var results = new List<FoldResult>();
        foreach (var fold in folds)
        {
            var (metrics, history) = runFold(fold);
            var result = new FoldResult(fold.Index, fold.Train.Length, fold.Validation.Length, new Dictionary<string, double>(metrics), history);
            results.Add(result);
            onFold?.Invoke(result);
        }
        return new CrossValidationResult(results);
    }
}
