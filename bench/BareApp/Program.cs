// A bare ASP.NET Core app: the baseline NotifyBridge's boot-to-ready time is compared with.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/api/ready", () => "ok");
app.Run();
