using System.Globalization;
using Nabla.Data.Csv;

namespace Nabla.Data.Preprocessing;

/// <summary>
/// A column transformer for tables (scikit-learn's ColumnTransformer of two pipelines): numeric feature columns
/// go through an imputer then a scaler (default: mean imputation, standardization); categorical feature columns
/// are filled with their most frequent training category, then one-hot or label encoded. The output features
/// are the numeric block (file order) followed by the categorical encodings (file order). The numeric scaler may
/// be a <see cref="Pipeline"/> that changes the width (e.g. scaling then <see cref="Pca"/>); its outputs are then
/// named <c>numeric0</c>, <c>numeric1</c>, .... The target column is
/// label-encoded for classification or copied for regression. Fit on the training table only, then Transform
/// every split; <see cref="GetState"/> saves everything learned.
/// </summary>
public sealed class TabularPreprocessor : Preprocessor
{
    private MatrixTransformer? _imputer;
    private MatrixTransformer? _scaler;
    private string[] _numeric = [];
    private int _numericWidth;
    private string[] _categorical = [];
    private string[] _fills = [];
    private Preprocessor[] _encoders = [];
    private LabelEncoder? _targetEncoder;
    private string[] _featureNames = [];
    private TargetKind _resolvedTarget;

    /// <summary>Creates the default pipeline: mean imputation + <see cref="StandardScaler"/> for numbers,
    /// most-frequent imputation + one-hot (unknown categories ignored) for categories.</summary>
    public TabularPreprocessor()
        : this(new SimpleImputer(ImputeStrategy.Mean), new StandardScaler()) { }

    /// <summary>Creates a pipeline with the given numeric steps (null = none) and categorical encoding.</summary>
    public TabularPreprocessor(MatrixTransformer? numericImputer, MatrixTransformer? numericScaler,
        CategoricalEncoding encoding = CategoricalEncoding.OneHot, UnknownCategory unknown = UnknownCategory.Ignore,
        TargetKind target = TargetKind.Auto)
    {
        _imputer = numericImputer;
        _scaler = numericScaler;
        Encoding = encoding;
        Unknown = unknown;
        Target = target;
    }

    /// <summary>Encoding of categorical columns.</summary>
    public CategoricalEncoding Encoding { get; }

    /// <summary>Policy for categories not seen by Fit.</summary>
    public UnknownCategory Unknown { get; }

    /// <summary>The requested target meaning.</summary>
    public TargetKind Target { get; }

    /// <summary>Names of the output features (numeric columns, then <c>column=category</c> or the column name).</summary>
    public IReadOnlyList<string> FeatureNames { get { EnsureFitted(); return _featureNames; } }

    /// <summary>The class names of a classification target (empty for regression).</summary>
    public IReadOnlyList<string> ClassNames { get { EnsureFitted(); return _targetEncoder?.Classes ?? []; } }

    /// <summary>Learns every step from the training table; returns this pipeline.</summary>
    public TabularPreprocessor Fit(CsvTable training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var numeric = new List<string>();
        var categorical = new List<string>();
        foreach (var c in training.Features)
            (c.Kind == ColumnKind.Numeric ? numeric : categorical).Add(c.Name);
        if (numeric.Count + categorical.Count == 0)
            throw new ArgumentException($"TabularPreprocessor.Fit: {training.Source} has no feature columns besides the target.", nameof(training));
        _numeric = numeric.ToArray();
        _categorical = categorical.ToArray();
        if (_numeric.Length > 0)
        {
            var m = NumericMatrix(training);
            if (_imputer is not null) m = _imputer.FitTransform(m);
            if (_scaler is not null) m = _scaler.FitTransform(m);
            _numericWidth = m.GetLength(1);
        }
        else _numericWidth = 0;
        _fills = new string[_categorical.Length];
        _encoders = new Preprocessor[_categorical.Length];
        var names = new List<string>();
        if (_numericWidth == _numeric.Length) names.AddRange(_numeric);
        else for (int k = 0; k < _numericWidth; k++) names.Add($"numeric{k}");
        for (int i = 0; i < _categorical.Length; i++)
        {
            var values = training.Column(_categorical[i]).Categories;
            _fills[i] = MostFrequent(values, training.Source, _categorical[i]);
            var filled = Fill(values, _fills[i]);
            if (Encoding == CategoricalEncoding.OneHot)
            {
                var enc = new OneHotEncoder(Unknown).Fit(filled);
                _encoders[i] = enc;
                foreach (var cat in enc.Categories) names.Add($"{_categorical[i]}={cat}");
            }
            else
            {
                _encoders[i] = new LabelEncoder(Unknown).Fit(filled);
                names.Add(_categorical[i]);
            }
        }
        _featureNames = names.ToArray();
        FitTarget(training);
        IsFitted = true;
        return this;
    }

    private void FitTarget(CsvTable training)
    {
        _targetEncoder = null;
        _resolvedTarget = TargetKind.Regression;
        if (training.Target is not { } t) return;
        _resolvedTarget = Target != TargetKind.Auto ? Target : t.Kind == ColumnKind.Categorical ? TargetKind.Classification : TargetKind.Regression;
        if (_resolvedTarget == TargetKind.Regression)
        {
            if (t.Kind != ColumnKind.Numeric)
                throw new ArgumentException($"TabularPreprocessor.Fit: regression target '{t.Name}' of {training.Source} is categorical; use TargetKind.Classification or a numeric column.");
            return;
        }
        var labels = TargetLabels(t, training.Source);
        if (t.Kind == ColumnKind.Numeric)
        {
            var distinct = new SortedSet<float>();
            foreach (float v in t.Numbers) distinct.Add(v);
            _targetEncoder = LabelEncoder.FromClasses(distinct.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray());
        }
        else _targetEncoder = new LabelEncoder().Fit(labels);
    }

    /// <summary>Applies the fitted steps to <paramref name="table"/> (training, validation, test or new data).
    /// Returns a <see cref="LabeledTabularDataset"/> for a classification target; a table without target gives
    /// NaN targets.</summary>
    public TabularDataset Transform(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        EnsureFitted();
        int n = table.RowCount, f = _featureNames.Length;
        var features = new float[n * f];
        if (_numeric.Length > 0)
        {
            var m = NumericMatrix(table);
            if (_imputer is not null) m = _imputer.Transform(m);
            if (_scaler is not null) m = _scaler.Transform(m);
            for (int r = 0; r < n; r++)
                for (int c = 0; c < _numericWidth; c++)
                    features[r * f + c] = float.IsNaN(m[r, c])
                        ? throw new DataException(
                            $"TabularPreprocessor: {table.Source} has a missing value in feature '{_featureNames[c]}' at data row {r} " +
                            "and the pipeline has no imputer; pass an imputer or drop such rows first (CsvTable.DropMissingRows).")
                        : m[r, c];
        }
        int offset = _numericWidth;
        for (int i = 0; i < _categorical.Length; i++)
        {
            var col = table.Column(_categorical[i]);
            CheckKind(col, ColumnKind.Categorical, table.Source);
            var filled = Fill(col.Categories, _fills[i]);
            if (_encoders[i] is OneHotEncoder oh)
            {
                for (int r = 0; r < n; r++) oh.Encode(filled[r], features.AsSpan(r * f + offset, oh.Width), r);
                offset += oh.Width;
            }
            else
            {
                var codes = ((LabelEncoder)_encoders[i]).Transform(filled);
                for (int r = 0; r < n; r++) features[r * f + offset] = codes[r];
                offset++;
            }
        }
        var targets = new float[n];
        if (table.Target is not { } t)
        {
            Array.Fill(targets, float.NaN);
            return new TabularDataset(features, targets, _featureNames);
        }
        if (_targetEncoder is null)
        {
            CheckKind(t, ColumnKind.Numeric, table.Source);
            for (int r = 0; r < n; r++)
                targets[r] = float.IsNaN(t.Numbers[r])
                    ? throw new DataException($"TabularPreprocessor: {table.Source} has a missing target '{t.Name}' at data row {r}; drop such rows first (CsvTable.DropMissingRows).")
                    : t.Numbers[r];
            return new TabularDataset(features, targets, _featureNames);
        }
        var labels = TargetLabels(t, table.Source);
        for (int r = 0; r < n; r++) targets[r] = _targetEncoder.Encode(labels[r]);
        return new LabeledTabularDataset(features, targets, _featureNames, _targetEncoder.Classes);
    }

    /// <summary>Fit on <paramref name="training"/> then Transform it.</summary>
    public TabularDataset FitTransform(CsvTable training) => Fit(training).Transform(training);

    private float[,] NumericMatrix(CsvTable table)
    {
        var m = new float[table.RowCount, _numeric.Length];
        for (int c = 0; c < _numeric.Length; c++)
        {
            var col = table.Column(_numeric[c]);
            CheckKind(col, ColumnKind.Numeric, table.Source);
            for (int r = 0; r < table.RowCount; r++) m[r, c] = col.Numbers[r];
        }
        return m;
    }

    private static void CheckKind(CsvColumn col, ColumnKind expected, string source)
    {
        if (col.Kind != expected)
            throw new ArgumentException($"TabularPreprocessor: column '{col.Name}' of {source} is {col.Kind} but was {expected} in the training table; declare its kind in CsvOptions.ColumnKinds.");
    }

    private static string?[] TargetLabels(CsvColumn t, string source)
    {
        var labels = new string?[t.Length];
        for (int r = 0; r < labels.Length; r++)
        {
            if (t.IsMissing(r))
                throw new DataException($"TabularPreprocessor: {source} has a missing target '{t.Name}' at data row {r}; drop such rows first (CsvTable.DropMissingRows).");
            labels[r] = t.Kind == ColumnKind.Numeric ? t.Numbers[r].ToString("R", CultureInfo.InvariantCulture) : t.Categories[r];
        }
        return labels;
    }

    private static string MostFrequent(string?[] values, string source, string column)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in values)
            if (v is not null) counts[v] = counts.GetValueOrDefault(v) + 1;
        if (counts.Count == 0)
            throw new ArgumentException($"TabularPreprocessor.Fit: categorical column '{column}' of {source} has no value in the training rows.");
        string best = "";
        int bestCount = 0;
        foreach (var (k, c) in counts)
            if (c > bestCount || (c == bestCount && string.CompareOrdinal(k, best) < 0)) { best = k; bestCount = c; }
        return best;
    }

    private static string?[] Fill(string?[] values, string fill)
    {
        var filled = new string?[values.Length];
        for (int i = 0; i < values.Length; i++) filled[i] = values[i] ?? fill;
        return filled;
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(TabularPreprocessor));
        s.SetList("numeric", _numeric);
        s.SetList("categorical", _categorical);
        s.SetList("fills", _fills);
        s.SetList("features", _featureNames);
        s.Arrays["numeric_width"] = [_numericWidth];
        s.Strings["encoding"] = Encoding.ToString();
        s.Strings["unknown"] = Unknown.ToString();
        s.Strings["target"] = Target.ToString();
        s.Strings["resolved_target"] = _resolvedTarget.ToString();
        if (_numeric.Length > 0 && _imputer is not null) s.Children["imputer"] = _imputer.GetState();
        if (_numeric.Length > 0 && _scaler is not null) s.Children["scaler"] = _scaler.GetState();
        for (int i = 0; i < _encoders.Length; i++) s.Children[$"encoder:{_categorical[i]}"] = _encoders[i].GetState();
        if (_targetEncoder is not null) s.Children["target"] = _targetEncoder.GetState();
        return s;
    }

    /// <summary>Rebuilds a fitted pipeline from <paramref name="state"/>.</summary>
    public static new TabularPreprocessor FromState(TransformState state)
    {
        CheckKind(state, nameof(TabularPreprocessor));
        var p = new TabularPreprocessor(
            state.Children.TryGetValue("imputer", out var imp) ? (MatrixTransformer)Preprocessor.FromState(imp) : null,
            state.Children.TryGetValue("scaler", out var sc) ? (MatrixTransformer)Preprocessor.FromState(sc) : null,
            Enum.Parse<CategoricalEncoding>(state.String("encoding")),
            Enum.Parse<UnknownCategory>(state.String("unknown")),
            Enum.Parse<TargetKind>(state.String("target")))
        {
            _numeric = state.List("numeric"),
            _categorical = state.List("categorical"),
            _fills = state.List("fills"),
            _featureNames = state.List("features"),
            _numericWidth = (int)state.Array("numeric_width")[0],
            _resolvedTarget = Enum.Parse<TargetKind>(state.String("resolved_target")),
        };
        p._encoders = new Preprocessor[p._categorical.Length];
        for (int i = 0; i < p._encoders.Length; i++) p._encoders[i] = Preprocessor.FromState(state.Child($"encoder:{p._categorical[i]}"));
        if (state.Children.TryGetValue("target", out var t)) p._targetEncoder = LabelEncoder.FromState(t);
        p.IsFitted = true;
        return p;
    }
}
