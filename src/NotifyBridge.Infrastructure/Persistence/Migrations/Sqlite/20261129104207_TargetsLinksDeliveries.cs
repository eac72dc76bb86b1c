using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NotifyBridge.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TargetsLinksDeliveries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MessageTemplates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TelegramBots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TelegramUserId = table.Column<long>(type: "INTEGER", nullable: false),
                    TokenProtected = table.Column<string>(type: "TEXT", nullable: false),
                    ApiBaseUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TelegramBots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TelegramBots_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Targets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SettingsJson = table.Column<string>(type: "TEXT", nullable: false),
                    SecretsProtected = table.Column<string>(type: "TEXT", nullable: true),
                    TelegramBotId = table.Column<long>(type: "INTEGER", nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    CircuitOpenUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Targets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Targets_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Targets_TelegramBots_TelegramBotId",
                        column: x => x.TelegramBotId,
                        principalTable: "TelegramBots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BroadcastMembers",
                columns: table => new
                {
                    BroadcastTargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberTargetId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BroadcastMembers", x => new { x.BroadcastTargetId, x.MemberTargetId });
                    table.ForeignKey(
                        name: "FK_BroadcastMembers_Targets_BroadcastTargetId",
                        column: x => x.BroadcastTargetId,
                        principalTable: "Targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BroadcastMembers_Targets_MemberTargetId",
                        column: x => x.MemberTargetId,
                        principalTable: "Targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Links",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ProviderId = table.Column<long>(type: "INTEGER", nullable: true),
                    TrackerId = table.Column<long>(type: "INTEGER", nullable: true),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    EventTypesJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    MinSeverity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    DisplayOptionsJson = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    QuietStart = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    QuietEnd = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    QuietDaysMask = table.Column<int>(type: "INTEGER", nullable: false),
                    NonDeferrable = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    BypassSeverity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    SummaryMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    BurstWindowSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Links", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Links_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Links_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Links_Targets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "Targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeferredDispatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LinkId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CollectionKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CollectionName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AssetIdsJson = table.Column<string>(type: "TEXT", nullable: false),
                    MoreAssetCount = table.Column<long>(type: "INTEGER", nullable: false),
                    AssetCount = table.Column<long>(type: "INTEGER", nullable: false),
                    EventCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SeveralActors = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstEventAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastEventAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastEventId = table.Column<long>(type: "INTEGER", nullable: false),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FiredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeferredDispatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeferredDispatches_Links_LinkId",
                        column: x => x.LinkId,
                        principalTable: "Links",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeferredDispatchEvents",
                columns: table => new
                {
                    DeferredDispatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeferredDispatchEvents", x => new { x.DeferredDispatchId, x.EventId });
                    table.ForeignKey(
                        name: "FK_DeferredDispatchEvents_DeferredDispatches_DeferredDispatchId",
                        column: x => x.DeferredDispatchId,
                        principalTable: "DeferredDispatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DeferredDispatchEvents_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<long>(type: "INTEGER", nullable: true),
                    DeferredDispatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    LinkId = table.Column<long>(type: "INTEGER", nullable: true),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastHttpStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Deliveries_DeferredDispatches_DeferredDispatchId",
                        column: x => x.DeferredDispatchId,
                        principalTable: "DeferredDispatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Deliveries_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Deliveries_Links_LinkId",
                        column: x => x.LinkId,
                        principalTable: "Links",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Deliveries_Targets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "Targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BroadcastMembers_MemberTargetId",
                table: "BroadcastMembers",
                column: "MemberTargetId");

            migrationBuilder.CreateIndex(
                name: "IX_DeferredDispatches_FiredAt",
                table: "DeferredDispatches",
                column: "FiredAt");

            migrationBuilder.CreateIndex(
                name: "IX_DeferredDispatches_LinkId_Kind_CollectionKey_EventType",
                table: "DeferredDispatches",
                columns: new[] { "LinkId", "Kind", "CollectionKey", "EventType" },
                unique: true,
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_DeferredDispatches_Status_DueAt",
                table: "DeferredDispatches",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DeferredDispatchEvents_EventId",
                table: "DeferredDispatchEvents",
                column: "EventId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_CreatedAt",
                table: "Deliveries",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_DeferredDispatchId",
                table: "Deliveries",
                column: "DeferredDispatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_EventId",
                table: "Deliveries",
                column: "EventId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_IdempotencyKey",
                table: "Deliveries",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_LinkId",
                table: "Deliveries",
                column: "LinkId");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_Id",
                table: "Deliveries",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Status_NextAttemptAt_Id",
                table: "Deliveries",
                columns: new[] { "Status", "NextAttemptAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_TargetId_Id",
                table: "Deliveries",
                columns: new[] { "TargetId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Links_OwnerId",
                table: "Links",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Links_ProviderId",
                table: "Links",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_Links_TargetId",
                table: "Links",
                column: "TargetId");

            migrationBuilder.CreateIndex(
                name: "IX_MessageTemplates_EventType_Locale",
                table: "MessageTemplates",
                columns: new[] { "EventType", "Locale" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Targets_OwnerId_Name",
                table: "Targets",
                columns: new[] { "OwnerId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Targets_TelegramBotId",
                table: "Targets",
                column: "TelegramBotId");

            migrationBuilder.CreateIndex(
                name: "IX_TelegramBots_OwnerId_TelegramUserId",
                table: "TelegramBots",
                columns: new[] { "OwnerId", "TelegramUserId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BroadcastMembers");

            migrationBuilder.DropTable(
                name: "DeferredDispatchEvents");

            migrationBuilder.DropTable(
                name: "Deliveries");

            migrationBuilder.DropTable(
                name: "MessageTemplates");

            migrationBuilder.DropTable(
                name: "DeferredDispatches");

            migrationBuilder.DropTable(
                name: "Links");

            migrationBuilder.DropTable(
                name: "Targets");

            migrationBuilder.DropTable(
                name: "TelegramBots");
        }
    }
}
