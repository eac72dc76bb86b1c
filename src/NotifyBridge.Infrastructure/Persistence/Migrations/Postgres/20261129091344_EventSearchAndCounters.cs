using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NotifyBridge.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EventSearchAndCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_ProviderId",
                table: "Events");

            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "Events",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Severity",
                table: "Events",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "EventHourlyCounts",
                columns: table => new
                {
                    ProviderId = table.Column<long>(type: "bigint", nullable: false),
                    HourStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OwnerId = table.Column<string>(type: "text", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventHourlyCounts", x => new { x.ProviderId, x.HourStart });
                    table.ForeignKey(
                        name: "FK_EventHourlyCounts_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EventHourlyCounts_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetentionRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Cutoff = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RowsDeleted = table.Column<long>(type: "bigint", nullable: false),
                    DetailsJson = table.Column<string>(type: "text", nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_ProviderId_IdempotencyKey",
                table: "Events",
                columns: new[] { "ProviderId", "IdempotencyKey" },
                unique: true,
                filter: "\"IdempotencyKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_EventHourlyCounts_OwnerId_HourStart",
                table: "EventHourlyCounts",
                columns: new[] { "OwnerId", "HourStart" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRuns_StartedAt",
                table: "RetentionRuns",
                column: "StartedAt");

            // Full-text search over collection, provider, title and summary (not the details
            // JSON): a stored generated tsvector with a GIN index, maintained by PostgreSQL
            // itself inside every insert's transaction. 'simple' keeps names and words as
            // typed (no language stemming), matching what people search for in an event log.
            migrationBuilder.Sql("""
                ALTER TABLE "Events" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    to_tsvector('simple', coalesce("CollectionName", '') || ' ' || coalesce("ProviderName", '') || ' ' || coalesce("Title", '') || ' ' || coalesce("Summary", ''))
                ) STORED;
                CREATE INDEX "IX_Events_SearchVector" ON "Events" USING GIN ("SearchVector");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS "IX_Events_SearchVector";
                ALTER TABLE "Events" DROP COLUMN IF EXISTS "SearchVector";
                """);

            migrationBuilder.DropTable(
                name: "EventHourlyCounts");

            migrationBuilder.DropTable(
                name: "RetentionRuns");

            migrationBuilder.DropIndex(
                name: "IX_Events_ProviderId_IdempotencyKey",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "Severity",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_ProviderId",
                table: "Events",
                column: "ProviderId");
        }
    }
}
