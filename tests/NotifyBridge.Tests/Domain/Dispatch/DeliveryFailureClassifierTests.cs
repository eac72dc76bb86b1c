using NotifyBridge.Domain.Dispatch.Retry;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class DeliveryFailureClassifierTests
{
    [Theory]
    [InlineData(200, DeliveryOutcome.Success)]
    [InlineData(201, DeliveryOutcome.Success)]
    [InlineData(204, DeliveryOutcome.Success)]
    [InlineData(299, DeliveryOutcome.Success)]
    [InlineData(408, DeliveryOutcome.Transient)]
    [InlineData(429, DeliveryOutcome.Transient)]
    [InlineData(500, DeliveryOutcome.Transient)]
    [InlineData(502, DeliveryOutcome.Transient)]
    [InlineData(503, DeliveryOutcome.Transient)]
    [InlineData(599, DeliveryOutcome.Transient)]
    [InlineData(400, DeliveryOutcome.Permanent)]
    [InlineData(401, DeliveryOutcome.Permanent)]
    [InlineData(403, DeliveryOutcome.Permanent)]
    [InlineData(404, DeliveryOutcome.Permanent)]
    [InlineData(413, DeliveryOutcome.Permanent)]
    [InlineData(301, DeliveryOutcome.Permanent)]
    [InlineData(100, DeliveryOutcome.Permanent)]
    [InlineData(600, DeliveryOutcome.Permanent)]
    [InlineData(0, DeliveryOutcome.Permanent)]
    public void Classify_HttpStatus_Expected(int status, DeliveryOutcome expected)
    {
        Assert.Equal(expected, DeliveryFailureClassifier.Classify(status));
    }

    [Fact]
    public void Classify_NoResponse_IsTransient()
    {
        Assert.Equal(DeliveryOutcome.Transient, DeliveryFailureClassifier.ClassifyNoResponse());
        Assert.Equal(DeliveryOutcome.Transient, DeliveryFailureClassifier.Classify((int?)null));
        Assert.Equal(DeliveryOutcome.Permanent, DeliveryFailureClassifier.Classify((int?)404));
    }
}
