using Nabla.Data;
using Nabla.Data.Csv;
using Nabla.Data.Preprocessing;
using Nabla.Tests.Data.Csv;

namespace Nabla.Tests.Data.Preprocessing;

public class TabularPreprocessorTests
{
    private const string Train = "age,city,income,label\n20,paris,1.0,yes\n30,tokyo,NA,no\n40,,3.0,yes\nNA,paris,5.0,no\n";

    [Fact]
    public void FitTransform_ImputesScalesAndOneHotEncodes()
    {
        using var dir = new TempFolder();
        var table = CsvReader.Read(dir.Write("train.csv", Train), new CsvOptions { TargetColumn = "label" });
        var pre = new TabularPreprocessor();
        var ds = (LabeledTabularDataset)pre.FitTransform(table);
        Assert.Equal(["age", "income", "city=paris", "city=tokyo"], pre.FeatureNames);
        Assert.Equal(["no", "yes"], ds.ClassNames);
        Assert.Equal(4, ds.Count);
        Assert.Equal([4], ds.InputShape.ToArray());
        // age: [20, 30, 40, mean 30] → mean 30, std sqrt(50); the imputed row standardizes to 0.
        Assert.Equal(-10 / MathF.Sqrt(50), ds.Row(0)[0], 5);
        Assert.Equal(0f, ds.Row(3)[0], 6);
        // city missing in row 2 → most frequent "paris".
        Assert.Equal([1f, 0f], ds.Row(2)[2..].ToArray());
        Assert.Equal([1, 0, 1, 0], Enumerable.Range(0, 4).Select(ds.LabelOf));
        var input = new float[4];
        var target = new float[1];
        ds.CopySample(1, input, target);
        Assert.Equal(0f, target[0]);
        Assert.Equal([0f, 1f], input[2..]);
    }

    [Fact]
    public void Transform_UsesTrainingStatisticsAndIgnoresUnknownCity()
    {
        using var dir = new TempFolder();
        var train = CsvReader.Read(dir.Write("train.csv", Train), new CsvOptions { TargetColumn = "label" });
        var test = CsvReader.Read(dir.Write("test.csv", "age,city,income,label\n30,berlin,3.0,no\n"), new CsvOptions { TargetColumn = "label" });
        var pre = new TabularPreprocessor().Fit(train);
        var ds = pre.Transform(test);
        Assert.Equal(0f, ds.Row(0)[0], 6);
        Assert.Equal([0f, 0f], ds.Row(0)[2..].ToArray());
        var restored = (TabularPreprocessor)Preprocessor.FromState(TransformState.FromJson(pre.GetState().ToJson()));
        Assert.Equal(ds.Row(0).ToArray(), restored.Transform(test).Row(0).ToArray());
        Assert.Equal(pre.ClassNames, restored.ClassNames);
    }

    [Fact]
    public void NumericPipelineWithPcaChangesWidth()
    {
        using var dir = new TempFolder();
        var table = CsvReader.Read(dir.Write("p.csv", "a,b,c,kind,y\n1,2,3,u,0\n2,4,5,v,1\n3,7,6,u,0\n4,8,9,v,1\n"), new CsvOptions { TargetColumn = "y" });
        var pre = new TabularPreprocessor(new SimpleImputer(), new Pipeline(new StandardScaler(), new Pca(2)));
        var ds = pre.FitTransform(table);
        Assert.Equal(["numeric0", "numeric1", "kind=u", "kind=v"], pre.FeatureNames);
        Assert.Equal([4], ds.InputShape.ToArray());
        Assert.Equal([1f, 0f], ds.Row(0)[2..].ToArray());
        var restored = (TabularPreprocessor)Preprocessor.FromState(TransformState.FromJson(pre.GetState().ToJson()));
        Assert.Equal(ds.Row(3).ToArray(), restored.Transform(table).Row(3).ToArray());
    }

    [Fact]
    public void RegressionTargetAndLabelEncoding()
    {
        using var dir = new TempFolder();
        var table = CsvReader.Read(dir.Write("r.csv", "color,size,price\nred,1,10.5\nblue,2,20\n"), new CsvOptions { TargetColumn = "price" });
        var pre = new TabularPreprocessor(null, null, CategoricalEncoding.Label);
        var ds = pre.FitTransform(table);
        Assert.IsNotType<LabeledTabularDataset>(ds);
        Assert.Equal(10.5f, ds.TargetOf(0));
        Assert.Equal([1f, 1f], ds.Row(0).ToArray());
        Assert.Equal([2f, 0f], ds.Row(1).ToArray());
    }

    [Fact]
    public void NumericClassLabelsSortNumerically()
    {
        using var dir = new TempFolder();
        var table = CsvReader.Read(dir.Write("n.csv", "x,y\n1,10\n2,2\n3,10\n"), new CsvOptions { TargetColumn = "y" });
        var ds = (ILabeledDataset)new TabularPreprocessor(null, null, target: TargetKind.Classification).FitTransform(table);
        Assert.Equal(2, ds.ClassCount);
        Assert.Equal([1, 0, 1], Enumerable.Range(0, 3).Select(ds.LabelOf));
    }

    [Fact]
    public void MissingFeatureWithoutImputerFails()
    {
        using var dir = new TempFolder();
        var table = CsvReader.Read(dir.Write("f.csv", "x,y\n1,a\nNA,b\n"), new CsvOptions { TargetColumn = "y" });
        var e = Assert.Throws<DataException>(() => new TabularPreprocessor(null, new StandardScaler()).FitTransform(table));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("row 1", e.Message);
        Assert.Equal(1, new TabularPreprocessor(null, new StandardScaler()).FitTransform(table.DropMissingRows()).Count);
    }

    [Fact]
    public void MissingTargetFailsNamingRow()
    {
        using var dir = new TempFolder();
        var table = CsvReader.Read(dir.Write("m.csv", "x,y\n1,a\n2,NA\n"), new CsvOptions { TargetColumn = "y" });
        var e = Assert.Throws<DataException>(() => new TabularPreprocessor().FitTransform(table));
        Assert.Contains("row 1", e.Message);
        Assert.Contains("DropMissingRows", e.Message);
    }
}
