using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Uonet.Access.Sample.EntityFrameworkCore.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "announcements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceSymbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_announcements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_attempts",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    window_ends_at = table.Column<long>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_attempts", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_import_runs",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    unit_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    actor_email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    rows_written = table.Column<int>(type: "INTEGER", nullable: false),
                    rows_refused = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_import_runs", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_instances",
                columns: table => new
                {
                    symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    base_url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_instances", x => x.symbol);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_maintenance_windows",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expected_end_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    message_polish = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    message_english = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_maintenance_windows", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_outbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 998, nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    to_address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 998, nullable: false),
                    text_body = table.Column<string>(type: "TEXT", nullable: false),
                    html_body = table.Column<string>(type: "TEXT", nullable: false),
                    link = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    claimed_until = table.Column<long>(type: "INTEGER", nullable: true),
                    claim_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_passkey_challenges",
                columns: table => new
                {
                    challenge_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ceremony = table.Column<int>(type: "INTEGER", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    options_json = table.Column<string>(type: "TEXT", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_passkey_challenges", x => x.challenge_hash);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_signature_replay",
                columns: table => new
                {
                    device_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    signature_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_signature_replay", x => new { x.device_id, x.signature_hash });
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    security_stamp = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    password_changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    totp_secret = table.Column<byte[]>(type: "BLOB", nullable: true),
                    pending_totp_secret = table.Column<byte[]>(type: "BLOB", nullable: true),
                    totp_last_step = table.Column<long>(type: "INTEGER", nullable: true),
                    recovery_code_hashes = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    second_factor_ticket_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    second_factor_expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    second_factor_client_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_accounts", x => x.id);
                    table.ForeignKey(
                        name: "FK_uonet_access_accounts_uonet_access_instances_instance_symbol",
                        column: x => x.instance_symbol,
                        principalTable: "uonet_access_instances",
                        principalColumn: "symbol",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_link_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    consumed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    superseded_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_link_tokens", x => x.id);
                    table.ForeignKey(
                        name: "FK_uonet_access_link_tokens_uonet_access_instances_instance_symbol",
                        column: x => x.instance_symbol,
                        principalTable: "uonet_access_instances",
                        principalColumn: "symbol",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_staff",
                columns: table => new
                {
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_staff", x => new { x.instance_symbol, x.email });
                    table.ForeignKey(
                        name: "FK_uonet_access_staff_uonet_access_instances_instance_symbol",
                        column: x => x.instance_symbol,
                        principalTable: "uonet_access_instances",
                        principalColumn: "symbol",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_units",
                columns: table => new
                {
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    require_guardian_pesel = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_units", x => new { x.instance_symbol, x.code });
                    table.ForeignKey(
                        name: "FK_uonet_access_units_uonet_access_instances_instance_symbol",
                        column: x => x.instance_symbol,
                        principalTable: "uonet_access_instances",
                        principalColumn: "symbol",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_account_links",
                columns: table => new
                {
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    linked_account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_account_links", x => new { x.account_id, x.linked_account_id });
                    table.ForeignKey(
                        name: "FK_uonet_access_account_links_uonet_access_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "uonet_access_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_uonet_access_account_links_uonet_access_accounts_linked_account_id",
                        column: x => x.linked_account_id,
                        principalTable: "uonet_access_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_devices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    platform = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    key_algorithm = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revocation_reason = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_devices", x => x.id);
                    table.ForeignKey(
                        name: "FK_uonet_access_devices_uonet_access_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "uonet_access_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_pairing_tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    pin_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    remaining_tries = table.Column<int>(type: "INTEGER", nullable: false),
                    consumed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_pairing_tickets", x => x.id);
                    table.ForeignKey(
                        name: "FK_uonet_access_pairing_tickets_uonet_access_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "uonet_access_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_passkeys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    credential_id = table.Column<byte[]>(type: "BLOB", maxLength: 1023, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    user_handle = table.Column<byte[]>(type: "BLOB", nullable: false),
                    sign_count = table.Column<long>(type: "INTEGER", nullable: false),
                    transports = table.Column<string>(type: "TEXT", nullable: false),
                    backup_eligible = table.Column<bool>(type: "INTEGER", nullable: false),
                    backed_up = table.Column<bool>(type: "INTEGER", nullable: false),
                    aaguid = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_passkeys", x => x.id);
                    table.ForeignKey(
                        name: "FK_uonet_access_passkeys_uonet_access_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "uonet_access_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_security_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    client_address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    client_description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_security_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_uonet_access_security_events_uonet_access_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "uonet_access_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    secret_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    security_stamp = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    client_description = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    client_network = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_sessions", x => x.id);
                    table.ForeignKey(
                        name: "FK_uonet_access_sessions_uonet_access_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "uonet_access_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_staff_assignments",
                columns: table => new
                {
                    instance_symbol = table.Column<string>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    role = table.Column<int>(type: "INTEGER", nullable: false),
                    unit_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    class_name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_staff_assignments", x => new { x.instance_symbol, x.email, x.ordinal });
                    table.ForeignKey(
                        name: "FK_uonet_access_staff_assignments_uonet_access_staff_instance_symbol_email",
                        columns: x => new { x.instance_symbol, x.email },
                        principalTable: "uonet_access_staff",
                        principalColumns: new[] { "instance_symbol", "email" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_students",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    unit_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    class_name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    first_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    pesel = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_students", x => x.id);
                    table.ForeignKey(
                        name: "FK_uonet_access_students_uonet_access_units_instance_symbol_unit_code",
                        columns: x => new { x.instance_symbol, x.unit_code },
                        principalTable: "uonet_access_units",
                        principalColumns: new[] { "instance_symbol", "code" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_audit_entries",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    student_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    action = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_audit_entries", x => x.seq);
                    table.ForeignKey(
                        name: "FK_uonet_access_audit_entries_uonet_access_students_student_id",
                        column: x => x.student_id,
                        principalTable: "uonet_access_students",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_student_guardians",
                columns: table => new
                {
                    student_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_symbol = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    first_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    last_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    pesel = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    relation = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_student_guardians", x => new { x.student_id, x.ordinal });
                    table.ForeignKey(
                        name: "FK_uonet_access_student_guardians_uonet_access_students_student_id",
                        column: x => x.student_id,
                        principalTable: "uonet_access_students",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "uonet_access_audit_changes",
                columns: table => new
                {
                    audit_seq = table.Column<long>(type: "INTEGER", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    field = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    before_value = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    after_value = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uonet_access_audit_changes", x => new { x.audit_seq, x.ordinal });
                    table.ForeignKey(
                        name: "FK_uonet_access_audit_changes_uonet_access_audit_entries_audit_seq",
                        column: x => x.audit_seq,
                        principalTable: "uonet_access_audit_entries",
                        principalColumn: "seq",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_announcements_InstanceSymbol_PublishedAt",
                table: "announcements",
                columns: new[] { "InstanceSymbol", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_account_links_linked_account_id",
                table: "uonet_access_account_links",
                column: "linked_account_id");

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_accounts_instance_symbol_email",
                table: "uonet_access_accounts",
                columns: new[] { "instance_symbol", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_audit_entries_id",
                table: "uonet_access_audit_entries",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_audit_entries_instance_symbol_occurred_at_seq",
                table: "uonet_access_audit_entries",
                columns: new[] { "instance_symbol", "occurred_at", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_audit_entries_student_id_occurred_at_seq",
                table: "uonet_access_audit_entries",
                columns: new[] { "student_id", "occurred_at", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_devices_account_id_created_at",
                table: "uonet_access_devices",
                columns: new[] { "account_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_import_runs_id",
                table: "uonet_access_import_runs",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_import_runs_instance_symbol_unit_code_started_at",
                table: "uonet_access_import_runs",
                columns: new[] { "instance_symbol", "unit_code", "started_at" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_link_tokens_instance_symbol_email",
                table: "uonet_access_link_tokens",
                columns: new[] { "instance_symbol", "email" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_link_tokens_token_hash",
                table: "uonet_access_link_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_maintenance_windows_instance_symbol_starts_at",
                table: "uonet_access_maintenance_windows",
                columns: new[] { "instance_symbol", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_outbox_claim_id",
                table: "uonet_access_outbox",
                column: "claim_id");

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_outbox_created_at_id",
                table: "uonet_access_outbox",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_outbox_sent_at_next_attempt_at",
                table: "uonet_access_outbox",
                columns: new[] { "sent_at", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_outbox_to_address_created_at_id",
                table: "uonet_access_outbox",
                columns: new[] { "to_address", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_pairing_tickets_account_id",
                table: "uonet_access_pairing_tickets",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_pairing_tickets_token_hash_created_at",
                table: "uonet_access_pairing_tickets",
                columns: new[] { "token_hash", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_passkey_challenges_expires_at",
                table: "uonet_access_passkey_challenges",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_passkeys_account_id_created_at",
                table: "uonet_access_passkeys",
                columns: new[] { "account_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_passkeys_instance_symbol_credential_id",
                table: "uonet_access_passkeys",
                columns: new[] { "instance_symbol", "credential_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_security_events_account_id_occurred_at",
                table: "uonet_access_security_events",
                columns: new[] { "account_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_security_events_occurred_at",
                table: "uonet_access_security_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_sessions_account_id",
                table: "uonet_access_sessions",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_signature_replay_expires_at",
                table: "uonet_access_signature_replay",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_student_guardians_email_instance_symbol",
                table: "uonet_access_student_guardians",
                columns: new[] { "email", "instance_symbol" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_students_email_instance_symbol",
                table: "uonet_access_students",
                columns: new[] { "email", "instance_symbol" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_students_instance_symbol_unit_code_class_name",
                table: "uonet_access_students",
                columns: new[] { "instance_symbol", "unit_code", "class_name" });

            migrationBuilder.CreateIndex(
                name: "IX_uonet_access_students_instance_symbol_unit_code_pesel",
                table: "uonet_access_students",
                columns: new[] { "instance_symbol", "unit_code", "pesel" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "announcements");

            migrationBuilder.DropTable(
                name: "uonet_access_account_links");

            migrationBuilder.DropTable(
                name: "uonet_access_attempts");

            migrationBuilder.DropTable(
                name: "uonet_access_audit_changes");

            migrationBuilder.DropTable(
                name: "uonet_access_devices");

            migrationBuilder.DropTable(
                name: "uonet_access_import_runs");

            migrationBuilder.DropTable(
                name: "uonet_access_link_tokens");

            migrationBuilder.DropTable(
                name: "uonet_access_maintenance_windows");

            migrationBuilder.DropTable(
                name: "uonet_access_outbox");

            migrationBuilder.DropTable(
                name: "uonet_access_pairing_tickets");

            migrationBuilder.DropTable(
                name: "uonet_access_passkey_challenges");

            migrationBuilder.DropTable(
                name: "uonet_access_passkeys");

            migrationBuilder.DropTable(
                name: "uonet_access_security_events");

            migrationBuilder.DropTable(
                name: "uonet_access_sessions");

            migrationBuilder.DropTable(
                name: "uonet_access_signature_replay");

            migrationBuilder.DropTable(
                name: "uonet_access_staff_assignments");

            migrationBuilder.DropTable(
                name: "uonet_access_student_guardians");

            migrationBuilder.DropTable(
                name: "uonet_access_audit_entries");

            migrationBuilder.DropTable(
                name: "uonet_access_accounts");

            migrationBuilder.DropTable(
                name: "uonet_access_staff");

            migrationBuilder.DropTable(
                name: "uonet_access_students");

            migrationBuilder.DropTable(
                name: "uonet_access_units");

            migrationBuilder.DropTable(
                name: "uonet_access_instances");
        }
    }
}
