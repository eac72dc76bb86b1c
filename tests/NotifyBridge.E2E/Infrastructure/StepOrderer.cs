using Xunit.Abstractions;
using Xunit.Sdk;

namespace NotifyBridge.E2E.Infrastructure;

/// <summary>Marks a test as step <see cref="Number"/> of an ordered journey.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int number) : Attribute
{
    public int Number { get; } = number;
}

/// <summary>Runs the tests of a class in <see cref="StepAttribute"/> order (state carries over).</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string TypeName = "NotifyBridge.E2E.Infrastructure.StepOrderer";
    public const string AssemblyName = "NotifyBridge.E2E";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(tc => StepOf(tc)).ThenBy(tc => tc.TestMethod.Method.Name, StringComparer.Ordinal);

    private static int StepOf(ITestCase testCase) =>
        testCase.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName)
            .Select(a => (int)a.GetConstructorArguments().First())
            .DefaultIfEmpty(int.MaxValue)
            .First();
}
