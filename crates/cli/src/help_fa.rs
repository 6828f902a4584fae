//! `--help` in Persian (issue #14): under `--lang fa` (or `HOMEBIZ_LANG=fa`,
//! as [`asked_lang`](crate::errors::asked_lang) reads them before clap
//! parses) every text of the help a person reads is Persian: clap's
//! headings (usage, commands, arguments, options), each command's
//! description, each argument's and option's help, the possible values
//! and defaults clap adds after them, and clap's own `-h`, `--help`,
//! `--version` and `help` entries.
//!
//! The Persian is kept in one table, [`HELP`], keyed by the English text
//! itself, as the derive writes it from the doc comments (or as clap
//! writes its own entries), like the i18n catalogue of the CLI's words:
//! a help text shared by many commands (`--json`, `--office`) is
//! translated once, and a changed English text has no Persian until its
//! entry is changed too, which the unit tests below find, so no stale
//! translation is shown. [`command`] walks the built `clap::Command` tree
//! and puts the Persian in place; English help is left as clap writes it.
//! Option names, values to type, codes, file names and placeholders
//! stay Latin; values to type are written between backticks, numbers in
//! Persian digits.

use clap::{Arg, Command};
use homebiz::core::text::{Lang, numerals};

/// The heading of the command list.
const COMMANDS: &str = "فرمان‌ها";
/// The heading of the positional arguments.
const ARGUMENTS: &str = "آرگومان‌ها";
/// The heading of the options.
const OPTIONS: &str = "گزینه‌ها";

/// clap's default help template with a Persian usage heading (the usage
/// line is a command to type, so between backticks, as the Persian usage
/// errors write it).
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nکاربرد: `{usage}`\n\n{all-args}{after-help}";

/// Every help text of the CLI: (English, Persian). The English is the
/// text as clap has it (from the doc comments, or clap's own entries);
/// a value to type is written between backticks, a number with Persian
/// digits.
const HELP: &[(&str, &str)] = &[
    // clap's own entries.
    (
        "Print help (see more with '--help')",
        "نمایش راهنما (جزئیات بیشتر با `--help`)",
    ),
    (
        "Print help (see a summary with '-h')",
        "نمایش راهنما (خلاصه با `-h`)",
    ),
    ("Print help", "نمایش راهنما"),
    ("Print version", "نمایش نسخه"),
    (
        "Print this message or the help of the given subcommand(s)",
        "نمایش این راهنما یا راهنمای فرمان‌های داده‌شده",
    ),
    // The program and its global options.
    (
        "The homebiz command-line tool for programme staff",
        "ابزار خط فرمان `homebiz` برای کارکنان برنامه",
    ),
    (
        "The database that commands read and write: a SQLite file, or a PostgreSQL database as a \
         `postgres://user@host:port/db` URL [env: HOMEBIZ_DB] [default: ./homebiz.sqlite]",
        "پایگاه داده‌ای که فرمان‌ها از آن می‌خوانند و در آن می‌نویسند: یک پروندهٔ SQLite، یا یک \
         پایگاه دادهٔ PostgreSQL با نشانی `postgres://user@host:port/db` [متغیر محیطی: HOMEBIZ_DB] \
         [پیش‌فرض: `./homebiz.sqlite`]",
    ),
    (
        "Act as this configured user (`homebiz user add`), limited to their office [env: \
         HOMEBIZ_USER]; without it, HOMEBIZ_ACTOR and HOMEBIZ_OFFICE say who acts, and without \
         those too the command acts programme-wide (every office's records)",
        "اجرای فرمان به‌نام این کاربر تعریف‌شده (`homebiz user add`)، محدود به دفتر او [متغیر \
         محیطی: HOMEBIZ_USER]؛ بدون آن، HOMEBIZ_ACTOR و HOMEBIZ_OFFICE تعیین می‌کنند چه کسی \
         کار را انجام می‌دهد، و بدون آن‌ها نیز فرمان در سطح کل برنامه اجرا می‌شود (سوابق همهٔ دفترها)",
    ),
    (
        "The language of the output for people: table headers, states, reasons and remedies [env: \
         HOMEBIZ_LANG] [default: en]",
        "زبان خروجی برای خواننده: سرستون جدول‌ها، وضعیت‌ها، دلیل‌ها و راه‌چاره‌ها [متغیر محیطی: \
         HOMEBIZ_LANG] [پیش‌فرض: `en`]",
    ),
    ("English", "انگلیسی"),
    ("Persian (فارسی)", "فارسی"),
    (
        "The unit amounts are shown in, in tables and reports (rial, the ledger's unit, or toman, \
         10 rials) [env: HOMEBIZ_UNIT] [default: rial]. Amounts given as options are always in \
         rials",
        "یکای نمایش مبلغ‌ها در جدول‌ها و گزارش‌ها (ریال، یکای دفتر حساب، یا تومان، ۱۰ ریال) \
         [متغیر محیطی: HOMEBIZ_UNIT] [پیش‌فرض: `rial`]. مبلغ‌هایی که در گزینه‌ها داده می‌شوند \
         همیشه به ریال‌اند",
    ),
    (
        "Rials, as the ledger holds them",
        "ریال، همان‌گونه که دفتر حساب نگه می‌دارد",
    ),
    (
        "Toman: 10 rials, shown whole (rounded half away from zero; the ledger keeps exact rials)",
        "تومان: ۱۰ ریال، بی‌اعشار (گرد شده به نزدیک‌ترین عدد، نیمه‌ها دور از صفر؛ دفتر حساب ریال \
         دقیق را نگه می‌دارد)",
    ),
    // Import.
    (
        "Create the database, or bring its schema up to date",
        "ساختن پایگاه داده، یا به‌روز کردن ساختار آن",
    ),
    (
        "Import offices, households, people or businesses from a CSV file",
        "ورود دفترها، خانوارها، افراد یا کسب‌وکارها از یک پروندهٔ CSV",
    ),
    ("What the file holds", "آن‌چه پرونده دارد"),
    (
        "The CSV file (columns in the README, \"CSV formats\")",
        "پروندهٔ CSV (ستون‌ها در README، بخش `CSV formats`)",
    ),
    (
        "Validate everything, write nothing",
        "بررسی همه‌چیز، بی‌آن‌که چیزی نوشته شود",
    ),
    (
        "On a bad row: abort the whole file, or skip the row",
        "با ردیفی نادرست: کنار گذاشتن کل پرونده (`abort`)، یا گذشتن از آن ردیف (`skip`)",
    ),
    (
        "With `--on-error skip`: write the bad rows and their reasons here",
        "با `--on-error skip`: ردیف‌های نادرست و دلیل‌هایشان در این پرونده نوشته می‌شوند",
    ),
    (
        "Update records that exist with other content: each such row's differing fields become \
         one audited update (identity columns, such as a household's office, are refused). \
         Without it they are conflicts. Only the columns the file has count: a column left out, \
         or an empty cell, keeps the stored value (clear one with `edit`); support and disability \
         need their consent column = yes, as on create",
        "به‌روزرسانی رکوردهای موجودی که محتوای دیگری دارند: فیلدهای متفاوت هر چنین ردیفی یک \
         به‌روزرسانی ممیزی‌شده می‌شوند (ستون‌های هویتی، مانند دفتر یک خانوار، پذیرفته نمی‌شوند). \
         بدون آن، چنین ردیف‌هایی تعارض به شمار می‌آیند. تنها ستون‌هایی که پرونده دارد به \
         حساب می‌آیند: ستونی که نیامده، یا خانه‌ای خالی، مقدار ذخیره‌شده را نگه می‌دارد (پاک \
         کردن با `edit`)؛ پوشش حمایتی و معلولیت، مانند هنگام ایجاد، ستون رضایتشان را با مقدار \
         `yes` می‌خواهند",
    ),
    ("Print the report as JSON", "چاپ گزارش به‌صورت JSON"),
    // Registry.
    ("Facilitation offices", "دفترهای تسهیلگری"),
    (
        "List the offices and the hierarchy above them",
        "فهرست دفترها و سلسله‌مراتب بالای آن‌ها",
    ),
    ("Print JSON instead of a table", "چاپ JSON به‌جای جدول"),
    ("Households", "خانوارها"),
    (
        "List the households of an office (and the offices below it)",
        "فهرست خانوارهای یک دفتر (و دفترهای زیرمجموعهٔ آن)",
    ),
    ("The office's code", "کد دفتر"),
    (
        "Show a household and its members, by code or ID",
        "نمایش یک خانوار و اعضای آن، با کد یا شناسه",
    ),
    ("The household's code or ID", "کد یا شناسهٔ خانوار"),
    (
        "Show the personal fields: the households' addresses, baseline incomes and support \
         coverage, and in JSON the members' national IDs and mobiles (left out without it, as \
         export leaves them out)",
        "نشان دادن داده‌های شخصی: نشانی، درآمد پایه و پوشش حمایتی خانوارها و در JSON کدهای ملی و \
         شماره‌های تلفن همراه اعضا (بدون آن کنار گذاشته می‌شوند، همان‌گونه که خروجی‌گیری کنارشان \
         می‌گذارد)",
    ),
    (
        "Keep the national IDs and mobiles in the JSON (left out without it, as the tables leave \
         them out)",
        "نگه داشتن کدهای ملی و شماره‌های تلفن همراه در JSON (بدون آن کنار گذاشته می‌شوند، \
         همان‌گونه که جدول‌ها کنارشان می‌گذارند)",
    ),
    (
        "Correct a household's fields: `field=value` by the import's column names (address, \
         area_m2, separate_room, baseline_income_rial, baseline_survey_date, registered_on). Code \
         and office are refused",
        "اصلاح فیلدهای یک خانوار: `field=value` با نام ستون‌های پروندهٔ ورودی (`address`، \
         `area_m2`، `separate_room`، `baseline_income_rial`، `baseline_survey_date`، \
         `registered_on`). کد و دفتر پذیرفته نمی‌شوند",
    ),
    (
        "The record's code (a person: the person ID or national ID)",
        "کد رکورد (برای فرد: شناسهٔ فرد یا کد ملی)",
    ),
    (
        "The changes, `field=value` (an empty value clears an optional field)",
        "تغییرها، به‌صورت `field=value` (مقدار خالی فیلدی اختیاری را پاک می‌کند)",
    ),
    ("Applied → enrolled", "متقاضی → پذیرفته‌شده"),
    ("The record's code", "کد رکورد"),
    (
        "Enrolled or paused → active",
        "پذیرفته‌شده یا در وقفه → فعال",
    ),
    ("Active → paused", "فعال → در وقفه"),
    ("Active → graduated", "فعال → فارغ‌التحصیل"),
    (
        "Leave the programme, with a reason",
        "خروج از برنامه، با ذکر دلیل",
    ),
    (
        "Why (recorded in the history)",
        "دلیل (در تاریخچه ثبت می‌شود)",
    ),
    (
        "State changes and audited writes of a household, oldest first",
        "تغییر وضعیت‌ها و تغییرهای ممیزی‌شدهٔ یک خانوار، از قدیمی‌ترین",
    ),
    ("People", "افراد"),
    ("Find a person by national ID", "یافتن یک فرد با کد ملی"),
    ("The national ID (any digits)", "کد ملی (با هر گونه رقم)"),
    (
        "Show a person and their household, by person ID or national ID",
        "نمایش یک فرد و خانوار او، با شناسهٔ فرد یا کد ملی",
    ),
    (
        "The person's ID, or their national ID (any digits; never repeated in a message)",
        "شناسهٔ فرد، یا کد ملی او (با هر گونه رقم؛ هرگز در پیامی تکرار نمی‌شود)",
    ),
    (
        "Likely duplicates for review: people of one office with the same name and birth date, by \
         group (the first registered first)",
        "تکراری‌های احتمالی برای بررسی: افراد یک دفتر با نام و تاریخ تولد یکسان، گروه‌به‌گروه \
         (نخستین ثبت‌شده در آغاز)",
    ),
    (
        "Correct a person's fields, found by person ID or national ID: `field=value` by the import's column \
         names (given_name, family_name, birth_date, gender, mobile, education, hours_per_week, \
         interests). The national ID and the household are refused",
        "اصلاح فیلدهای یک فرد، یافته با شناسهٔ فرد یا کد ملی: `field=value` با نام ستون‌های پروندهٔ ورودی \
         (`given_name`، `family_name`، `birth_date`، `gender`، `mobile`، `education`، \
         `hours_per_week`، `interests`). کد ملی و خانوار پذیرفته نمی‌شوند",
    ),
    (
        "Audited writes of a person (by person ID or national ID), oldest first",
        "تغییرهای ممیزی‌شدهٔ یک فرد (با شناسهٔ فرد یا کد ملی)، از قدیمی‌ترین",
    ),
    ("Home businesses", "کسب‌وکارهای خانگی"),
    (
        "List the businesses of an office (and the offices below it)",
        "فهرست کسب‌وکارهای یک دفتر (و دفترهای زیرمجموعهٔ آن)",
    ),
    (
        "Show one business: its office, household, activity, state, licences and capital",
        "نمایش یک کسب‌وکار: دفتر، خانوار، فعالیت، وضعیت، مجوزها و سرمایهٔ آن",
    ),
    ("The business's code or ID", "کد یا شناسهٔ کسب‌وکار"),
    (
        "Correct a business's fields: activity, capital_rial, licence_number (empty removes it), \
         licence_kind, licence_issued, licence_expires, health_number, health_issued, \
         health_expires. Code, office, household, owner and state are refused",
        "اصلاح فیلدهای یک کسب‌وکار: `activity`، `capital_rial`، `licence_number` (مقدار خالی آن \
         را برمی‌دارد)، `licence_kind`، `licence_issued`، `licence_expires`، `health_number`، \
         `health_issued`، `health_expires`. کد، دفتر، خانوار، مالک و وضعیت پذیرفته نمی‌شوند",
    ),
    ("Planned → in training", "برنامه‌ریزی‌شده → در حال آموزش"),
    (
        "In training → licensed (needs a licence)",
        "در حال آموزش → دارای مجوز (مجوز لازم است)",
    ),
    (
        "Licensed or suspended → active",
        "دارای مجوز یا تعلیق‌شده → فعال",
    ),
    (
        "Active → suspended: ends its exhibition applications and releases its booth-weeks from \
         today on",
        "فعال → تعلیق‌شده: درخواست‌های نمایشگاهی آن پایان می‌یابند و هفته‌های غرفهٔ آن از امروز \
         به بعد آزاد می‌شوند",
    ),
    (
        "Close for good, with a reason: ends its exhibition applications and releases its \
         booth-weeks from today on",
        "بستن برای همیشه، با ذکر دلیل: درخواست‌های نمایشگاهی آن پایان می‌یابند و هفته‌های غرفهٔ \
         آن از امروز به بعد آزاد می‌شوند",
    ),
    (
        "State changes and audited writes of a business, oldest first",
        "تغییر وضعیت‌ها و تغییرهای ممیزی‌شدهٔ یک کسب‌وکار، از قدیمی‌ترین",
    ),
    // Scoring.
    ("The activity catalog", "فهرست فعالیت‌ها"),
    (
        "List the activities of the default catalog",
        "نمایش فعالیت‌های فهرست پیش‌فرض",
    ),
    (
        "Only this category (livestock_poultry, handicrafts, aquaculture, agro_processing, \
         plant_production, production_services, cultural_artistic)",
        "تنها این دسته (`livestock_poultry`، `handicrafts`، `aquaculture`، `agro_processing`، \
         `plant_production`، `production_services`، `cultural_artistic`)",
    ),
    (
        "A catalog file (CSV or JSON) instead of the default catalog",
        "پروندهٔ فهرست فعالیت‌ها (CSV یا JSON) به‌جای فهرست پیش‌فرض",
    ),
    (
        "Recommend activities (and where to sell them) for a household",
        "پیشنهاد فعالیت‌ها (و جای فروش آن‌ها) برای یک خانوار",
    ),
    (
        "How many activities to show",
        "شمار فعالیت‌هایی که نشان داده می‌شوند",
    ),
    ("How to combine the criteria", "روش ترکیب معیارها"),
    (
        "Weights: a CSV of `criterion,weight` rows, or a square AHP pairwise matrix with the \
         criteria as header and first column",
        "وزن‌ها: یک CSV با ردیف‌های `criterion,weight`، یا یک ماتریس مربعی مقایسهٔ زوجی AHP که \
         معیارها سرستون و ستون نخست آن‌اند",
    ),
    (
        crate::commands::scoring::WEIGHTS_HELP,
        "وزن‌ها: یک CSV با ردیف‌های `criterion,weight` (پس از یک ردیف سرستون)، یا یک ماتریس \
         مربعی مقایسهٔ زوجی AHP که معیارها سرستون و ستون نخست آن‌اند. معیارهایی که در پروندهٔ \
         `criterion,weight` نیامده‌اند وزن پیش‌فرض خود را نگه می‌دارند.",
    ),
    (
        crate::commands::scoring::WEIGHTS_HELP_CRITERIA,
        "معیارها، با وزن پیش‌فرضشان:",
    ),
    (
        "Capital each household can put in, in rials",
        "سرمایه‌ای که هر خانوار می‌تواند بگذارد، به ریال",
    ),
    (
        "The largest loan each household could get, in rials",
        "بیشترین وامی که هر خانوار می‌تواند بگیرد، به ریال",
    ),
    (
        "Demand per activity in the area: a CSV of `activity,demand` rows (how many businesses the \
         market can carry). Without it, demand is unknown",
        "تقاضای هر فعالیت در منطقه: یک CSV با ردیف‌های `activity,demand` (بازار چند کسب‌وکار را \
         تاب می‌آورد). بدون آن، تقاضا نامشخص است",
    ),
    (
        "Reachable channels, comma-separated (default: the kinds of the market's registered \
         channels, or all kinds when none is registered)",
        "کانال‌های در دسترس، جداشده با `,` (پیش‌فرض: نوع کانال‌های ثبت‌شدهٔ بازار، یا همهٔ نوع‌ها \
         وقتی هیچ کانالی ثبت نشده است)",
    ),
    (
        "Plan a whole office's households at once, within market headroom",
        "برنامه‌ریزی همهٔ خانوارهای یک دفتر با هم، در حد ظرفیت بازار",
    ),
    (
        "The office (with the offices below it) whose households without a business yet are \
         planned",
        "دفتری (با دفترهای زیرمجموعهٔ آن) که برای خانوارهای هنوز بی‌کسب‌وکارش برنامه‌ریزی \
         می‌شود",
    ),
    (
        "Multi-criteria methods on any matrix: wsum, topsis, vikor, ahp",
        "روش‌های تصمیم‌گیری چندمعیاره روی هر ماتریسی: `wsum`، `topsis`، `vikor`، `ahp`",
    ),
    (
        "Weighted sum of min-max normalised criteria",
        "مجموع وزنی معیارهای نرمال‌شده به روش کمینه-بیشینه",
    ),
    (
        "CSV: a header row of criterion names, then one row per alternative, its name in the \
         first column",
        "CSV: یک ردیف سرستون با نام معیارها، سپس یک ردیف برای هر گزینه با نام آن در ستون نخست",
    ),
    (
        "One weight per criterion, comma-separated (rescaled to sum to 1)",
        "یک وزن برای هر معیار، جداشده با `,` (چنان مقیاس می‌شوند که جمعشان ۱ شود)",
    ),
    (
        "One type per criterion, comma-separated: b (benefit) or c (cost)",
        "یک نوع برای هر معیار، جداشده با `,`: `b` (سود) یا `c` (هزینه)",
    ),
    ("TOPSIS normalisation", "روش نرمال‌سازی TOPSIS"),
    (
        "VIKOR's strategy weight v (0 to 1)",
        "وزن راهبرد VIKOR، `v` (۰ تا ۱)",
    ),
    (
        "TOPSIS: closeness to the ideal alternative",
        "TOPSIS: نزدیکی به گزینهٔ آرمانی",
    ),
    (
        "VIKOR: compromise ranking (the score is Q; lower is better)",
        "VIKOR: رتبه‌بندی سازشی (امتیاز همان Q است؛ کمتر بهتر است)",
    ),
    (
        "AHP weights from a pairwise comparison matrix",
        "وزن‌های AHP از یک ماتریس مقایسهٔ زوجی",
    ),
    (
        "CSV: a square matrix with criterion names as the header and first column; entries such \
         as 3, 0.5 or 1/3",
        "CSV: یک ماتریس مربعی با نام معیارها در سرستون و ستون نخست؛ درایه‌هایی مانند `3`، `0.5` \
         یا `1/3`",
    ),
    // Market.
    ("Sales channels", "کانال‌های فروش"),
    ("Add a sales channel", "افزودن یک کانال فروش"),
    (
        "A short unique code (TERMINAL, DIGIKALA)",
        "کدی کوتاه و یکتا (مانند `TERMINAL`، `DIGIKALA`)",
    ),
    ("Its name", "نام آن"),
    (
        "permanent_exhibition, seasonal_fair, consignment_shop, online_marketplace, \
         institutional_buyer or wholesaler",
        "نوع کانال: `permanent_exhibition` (نمایشگاه دائمی)، `seasonal_fair` (بازارچه فصلی)، \
         `consignment_shop` (فروشگاه امانی)، `online_marketplace` (فروشگاه اینترنتی)، \
         `institutional_buyer` (خریدار سازمانی) یا `wholesaler` (عمده‌فروش)",
    ),
    ("Where it is", "محل آن"),
    (
        "Categories it takes, separated by commas (default: any)",
        "دسته‌هایی که می‌پذیرد، جداشده با `,` (پیش‌فرض: همه)",
    ),
    (
        "Its commission: `9%` or `0.09`",
        "کارمزد آن: `9%` یا `0.09`",
    ),
    ("A fixed fee in rials", "هزینهٔ ثابت، به ریال"),
    (
        "What the fee is per: week, month or season",
        "دورهٔ هزینهٔ ثابت: `week` (هفته)، `month` (ماه) یا `season` (فصل)",
    ),
    (
        "First day open (a seasonal fair); with --until",
        "نخستین روز کار (برای بازارچه فصلی)؛ همراه با --until",
    ),
    (
        "Last day open; with --from",
        "آخرین روز کار؛ همراه با --from",
    ),
    (
        "How many businesses it takes at once",
        "شمار کسب‌وکارهایی که هم‌زمان می‌پذیرد",
    ),
    ("Print the channel as JSON", "چاپ کانال به‌صورت JSON"),
    ("List the sales channels", "فهرست کانال‌های فروش"),
    (
        "Exhibitions: create, booths, allocate booth-weeks, schedule",
        "نمایشگاه‌ها: ایجاد، غرفه‌ها، تخصیص هفته‌های غرفه، برنامهٔ زمانی",
    ),
    (
        "Create an exhibition on an exhibition channel",
        "ایجاد یک نمایشگاه روی یک کانال نمایشگاهی",
    ),
    ("A short unique code", "کدی کوتاه و یکتا"),
    (
        "The code of its channel (a permanent exhibition or a seasonal fair)",
        "کد کانال آن (نمایشگاه دائمی یا بازارچه فصلی)",
    ),
    (
        "Weeks one business may have in one Jalali month (1 to 5)",
        "هفته‌هایی که یک کسب‌وکار در یک ماه شمسی می‌تواند داشته باشد (۱ تا ۵)",
    ),
    (
        "A weekly limit for a category: `agro_processing=4` (repeatable)",
        "سقف هفتگی برای یک دسته: `agro_processing=4` (تکرارپذیر)",
    ),
    ("Print the exhibition as JSON", "چاپ نمایشگاه به‌صورت JSON"),
    ("The exhibition's booths", "غرفه‌های نمایشگاه"),
    (
        "Replace the booths of the exhibitions named in a CSV file (columns: exhibition, code, \
         size, accepts)",
        "جایگزینی غرفه‌های نمایشگاه‌هایی که در یک پروندهٔ CSV آمده‌اند (ستون‌ها: `exhibition`، \
         `code`، `size`، `accepts`)",
    ),
    ("The CSV file", "پروندهٔ CSV"),
    (
        "Allocate booth-weeks to the approved applications",
        "تخصیص هفته‌های غرفه به درخواست‌های پذیرفته",
    ),
    ("The exhibition's code", "کد نمایشگاه"),
    (
        "The first day of the first week (Jalali, or Gregorian from 1700)",
        "نخستین روز نخستین هفته (شمسی، یا میلادی از سال ۱۷۰۰)",
    ),
    ("How many weeks (1 to 104)", "شمار هفته‌ها (۱ تا ۱۰۴)"),
    ("Print the allocation as JSON", "چاپ تخصیص به‌صورت JSON"),
    (
        "Show the stored bookings as a week × booth table",
        "نمایش رزروهای ذخیره‌شده در جدول هفته × غرفه",
    ),
    ("Print the bookings as JSON", "چاپ رزروها به‌صورت JSON"),
    (
        "Apply for a business to an exhibition",
        "ثبت درخواست یک کسب‌وکار برای یک نمایشگاه",
    ),
    (
        "Weeks wanted in all allocations together (1–13)",
        "هفته‌های خواسته‌شده در همهٔ تخصیص‌ها روی هم (۱ تا ۱۳)",
    ),
    (
        "A catalog file (CSV or JSON) instead of the default catalog, for the business's activity",
        "پروندهٔ فهرست فعالیت‌ها (CSV یا JSON) به‌جای فهرست پیش‌فرض، برای فعالیت کسب‌وکار",
    ),
    ("Print the application as JSON", "چاپ درخواست به‌صورت JSON"),
    ("Decide on an application", "تصمیم‌گیری دربارهٔ یک درخواست"),
    ("Approve an application", "پذیرفتن یک درخواست"),
    ("The application's ID", "شناسهٔ درخواست"),
    ("Why (required to reject)", "دلیل (برای رد کردن لازم است)"),
    (
        "Reject an application (a reason is required)",
        "رد کردن یک درخواست (دلیل لازم است)",
    ),
    (
        "Put an application on the waitlist",
        "گذاشتن یک درخواست در فهرست انتظار",
    ),
    ("Withdraw an application", "انصراف از یک درخواست"),
    (
        "Buyer orders: import, match to producers' offers",
        "سفارش‌های خریداران: ورود، و تطبیق با پیشنهادهای تولیدکنندگان",
    ),
    (
        "Import buyer orders from a CSV file (all or none)",
        "ورود سفارش‌های خریداران از یک پروندهٔ CSV (همه یا هیچ)",
    ),
    (
        "Match the open orders to the producers' offers",
        "تطبیق سفارش‌های باز با پیشنهادهای تولیدکنندگان",
    ),
    (
        "Producers' offers for buyer orders",
        "پیشنهادهای تولیدکنندگان برای سفارش‌های خریداران",
    ),
    (
        "Import producers' offers from a CSV file (all or none)",
        "ورود پیشنهادهای تولیدکنندگان از یک پروندهٔ CSV (همه یا هیچ)",
    ),
    (
        "Which businesses had no sales channel in the last months",
        "کسب‌وکارهایی که در ماه‌های گذشته هیچ کانال فروشی نداشته‌اند",
    ),
    (
        "The office (with the offices below it)",
        "دفتر (با دفترهای زیرمجموعهٔ آن)",
    ),
    (
        "The window: this many Jalali months, ending with the reference date's month (1 to 120)",
        "بازهٔ زمانی: این تعداد ماه شمسی، که با ماهِ تاریخ مرجع پایان می‌یابد (۱ تا ۱۲۰)",
    ),
    (
        "The reference date (default: today)",
        "تاریخ مرجع (پیش‌فرض: امروز)",
    ),
    // Income.
    (
        "Record a sale in the income ledger",
        "ثبت یک فروش در دفتر درآمد",
    ),
    ("Record one sale", "ثبت یک فروش"),
    (
        "The channel's code or ID, if it sold through one",
        "کد یا شناسهٔ کانال، اگر فروش از راه کانالی بوده است",
    ),
    (
        "The day (Jalali, or Gregorian from 1700)",
        "روز (شمسی، یا میلادی از سال ۱۷۰۰)",
    ),
    ("Units sold", "شمار واحدهای فروخته‌شده"),
    ("Price per unit, in rials", "قیمت هر واحد، به ریال"),
    (
        "The channel's commission on the sale, in rials",
        "کارمزد کانال از این فروش، به ریال",
    ),
    (
        "The entry's ID: a UUID, or any text key of the business's own (the same key for the same \
         business is the same entry; another business may use it too). Default: a new UUID",
        "شناسهٔ سند: یک UUID، یا هر کلید متنی ویژهٔ همان کسب‌وکار (یک کلید برای یک کسب‌وکار \
         همیشه همان سند است؛ کسب‌وکار دیگری هم می‌تواند آن را به کار ببرد). پیش‌فرض: یک UUID \
         تازه",
    ),
    (
        "Print the recorded entry as JSON",
        "چاپ سند ثبت‌شده به‌صورت JSON",
    ),
    (
        "Import sales into the income ledger",
        "ورود فروش‌ها به دفتر درآمد",
    ),
    (
        "Import sales from a CSV file (columns: id, business, channel, date, quantity, \
         unit_price, commission)",
        "ورود فروش‌ها از یک پروندهٔ CSV (ستون‌ها: `id`، `business`، `channel`، `date`، \
         `quantity`، `unit_price`، `commission`)",
    ),
    (
        "Refuse the file on a bad row (abort), or skip bad rows",
        "رد کل پرونده با یک ردیف نادرست (`abort`)، یا کنار گذاشتن ردیف‌های نادرست (`skip`)",
    ),
    ("Refuse the whole file", "رد کل پرونده"),
    (
        "Import the good rows; write the bad ones to --rejects",
        "ورود ردیف‌های درست؛ نوشتن ردیف‌های نادرست در --rejects",
    ),
    (
        "Where to write the bad rows, with their reason (with --on-error skip)",
        "جای نوشتن ردیف‌های نادرست با دلیلشان (با `--on-error skip`)",
    ),
    (
        "Rows per transaction (1 to 1,000,000)",
        "شمار ردیف‌ها در هر تراکنش (۱ تا ۱٬۰۰۰٬۰۰۰)",
    ),
    (
        "Correct the ledger: reverse an entry",
        "اصلاح دفتر حساب: برگشت زدن یک سند",
    ),
    (
        "Cancel an entry with a reversal (the entry stays in the ledger)",
        "باطل کردن یک سند با سند برگشتی (سند در دفتر حساب می‌ماند)",
    ),
    (
        "The entry's ID, or the text key it was recorded under",
        "شناسهٔ سند، یا کلید متنی‌ای که با آن ثبت شده است",
    ),
    (
        "The business whose entry it is (code or ID): needed when more than one business you can \
         see recorded an entry under this key",
        "کسب‌وکار صاحب سند (کد یا شناسه): وقتی لازم است که بیش از یک کسب‌وکارِ در دسترس شما \
         سندی با این کلید ثبت کرده باشد",
    ),
    ("Why", "دلیل"),
    (
        "The day of the correction (default: today)",
        "روز اصلاح (پیش‌فرض: امروز)",
    ),
    ("Income reports and indicators", "گزارش‌ها و شاخص‌های درآمد"),
    (
        "Revenue, costs and net income per Jalali period",
        "فروش، هزینه‌ها و درآمد خالص در هر دورهٔ شمسی",
    ),
    (
        "Only the businesses of this office (and the offices below it)",
        "تنها کسب‌وکارهای این دفتر (و دفترهای زیرمجموعهٔ آن)",
    ),
    (
        "Jalali months: `1404-01..1404-06`, `1404-03`, `1404-Q2` or `1404`",
        "ماه‌های شمسی: `1404-01..1404-06`، `1404-03`، `1404-Q2` یا `1404`",
    ),
    (
        "Rows per business, household, activity, channel, office, or month (the whole programme)",
        "ردیف‌ها به تفکیک `business` (کسب‌وکار)، `household` (خانوار)، `activity` (فعالیت)، \
         `channel` (کانال)، `office` (دفتر)، یا `month` (ماه، برای کل برنامه)",
    ),
    (
        "Periods of a month, a quarter or a year",
        "دوره‌های یک‌ماهه (`month`)، سه‌ماهه (`quarter`) یا یک‌ساله (`year`)",
    ),
    (
        "table, csv, json or svg (default: table, or as --out's extension says)",
        "`table`، `csv`، `json` یا `svg` (پیش‌فرض: `table`، یا آن‌چه پسوند --out می‌گوید)",
    ),
    ("A readable table", "جدولی خوانا"),
    ("CSV", "CSV"),
    ("JSON", "JSON"),
    (
        "An SVG chart, written to --out",
        "نمودار SVG، نوشته‌شده در --out",
    ),
    (
        "Write the report to this file (needed for svg), whole, instead of printing it",
        "نوشتن کل گزارش در این پرونده (برای `svg` لازم است) به‌جای چاپ آن",
    ),
    (
        "Income change, sustained employment, linkage and graduation, per household",
        "تغییر درآمد، اشتغال پایدار، اتصال به بازار و فارغ‌التحصیلی، برای هر خانوار",
    ),
    (
        "The office (and the offices below it)",
        "دفتر (و دفترهای زیرمجموعهٔ آن)",
    ),
    (
        "The reference date: indicators look at the months up to its month",
        "تاریخ مرجع: شاخص‌ها ماه‌ها را تا ماهِ این تاریخ می‌سنجند",
    ),
    (
        "Sustained employment: the least net monthly income that counts, in rials (default \
         26,000,000, about a quarter of the 1404 minimum wage)",
        "اشتغال پایدار: کمترین درآمد خالص ماهانه‌ای که به شمار می‌آید، به ریال (پیش‌فرض \
         ۲۶٬۰۰۰٬۰۰۰، نزدیک به یک‌چهارم حداقل دستمزد ۱۴۰۴)",
    ),
    (
        "Sustained employment: months at or above the threshold (default 6, at least 1, at most \
         --window)…",
        "اشتغال پایدار: ماه‌هایی با درآمد برابر یا بیش از آستانه (پیش‌فرض ۶، دست‌کم ۱، حداکثر \
         --window)…",
    ),
    (
        "…of the last this many months (default 9, at most 120)",
        "…از این تعداد ماهِ گذشته (پیش‌فرض ۹، حداکثر ۱۲۰)",
    ),
    (
        "Graduation: the least income change against the baseline, in percent (default 30)",
        "فارغ‌التحصیلی: کمترین تغییر درآمد نسبت به خط پایه، به درصد (پیش‌فرض ۳۰)",
    ),
    (
        "Months of the linkage window (default 3, at most 120)",
        "ماه‌های بازهٔ اتصال به بازار (پیش‌فرض ۳، حداکثر ۱۲۰)",
    ),
    ("Print JSON", "چاپ JSON"),
    ("Loan schedules", "جدول‌های بازپرداخت وام"),
    ("An instalment schedule", "جدول اقساط"),
    ("The principal, in rials", "اصل وام، به ریال"),
    (
        "The annual rate: `4%` or `0.04`",
        "نرخ سالانه: `4%` یا `0.04`",
    ),
    (
        "Instalments (months, 1 to 120)",
        "شمار اقساط (ماه، ۱ تا ۱۲۰)",
    ),
    (
        "Grace months before the first instalment's month (0 to 24)",
        "ماه‌های تنفس پیش از ماهِ نخستین قسط (۰ تا ۲۴)",
    ),
    (
        "The day of disbursement (default: today)",
        "روز پرداخت وام (پیش‌فرض: امروز)",
    ),
    (
        "Add a loan to a business (its disbursement is recorded apart)",
        "افزودن یک وام به یک کسب‌وکار (پرداخت آن جداگانه ثبت می‌شود)",
    ),
    (
        "The borrowing business's code or ID",
        "کد یا شناسهٔ کسب‌وکار وام‌گیرنده",
    ),
    ("Instalments (months)", "شمار اقساط (ماه)"),
    (
        "Grace months before the first instalment's month",
        "ماه‌های تنفس پیش از ماهِ نخستین قسط",
    ),
    (
        "The loan's ID: a UUID, or any text key of the business's own (another business may use the \
         same key for its loan). Default: a new UUID",
        "شناسهٔ وام: یک UUID، یا هر کلید متنیِ خودِ این کسب‌وکار (کسب‌وکار دیگری هم می‌تواند همین \
         کلید را برای وام خود به کار ببرد). پیش‌فرض: یک UUID تازه",
    ),
    (
        "The business whose loan it is (code or ID): needed when more than one business you can see \
         added a loan under this key",
        "کسب‌وکار صاحب وام (کد یا شناسه): وقتی لازم است که بیش از یک کسب‌وکارِ در دسترس شما \
         وامی با این کلید افزوده باشد",
    ),
    (
        "A loan's schedule and where it stands",
        "جدول بازپرداخت یک وام و وضعیت کنونی آن",
    ),
    (
        "The loan's ID, or the text key it was added under",
        "شناسهٔ وام، یا کلید متنی‌ای که با آن افزوده شده است",
    ),
    (
        "The day to see it on (default: today)",
        "روزی که وام در آن دیده می‌شود (پیش‌فرض: امروز)",
    ),
    // Dates, search, lists, export, users.
    (
        "Convert a date between the Jalali and Gregorian calendars",
        "تبدیل تاریخ میان گاه‌شماری شمسی و میلادی",
    ),
    (
        "A date such as 2025-03-21 (Gregorian) or 1404-01-01, 1404/1/1, ۱۴۰۴/۰۱/۰۱ (Jalali). Years \
         from 1700 on are read as Gregorian",
        "تاریخی مانند `2025-03-21` (میلادی) یا `1404-01-01`، `1404/1/1`، `۱۴۰۴/۰۱/۰۱` (شمسی). \
         سال‌های ۱۷۰۰ به بعد میلادی خوانده می‌شوند",
    ),
    (
        "The calendar DATE is written in, instead of guessing from the year",
        "گاه‌شماری‌ای که DATE با آن نوشته شده است، به‌جای حدس زدن از روی سال",
    ),
    (
        "Print both dates, the weekday and the month names as JSON",
        "چاپ هر دو تاریخ، روز هفته و نام ماه‌ها به‌صورت JSON",
    ),
    (
        "Find people and households by name, mobile or address",
        "یافتن افراد و خانوارها با نام، تلفن همراه یا نشانی",
    ),
    (
        "People by name: any spelling of yeh and kaf, with or without ZWNJ, diacritics or spaces; \
         part of a name, words in any order",
        "افراد با نام: با هر نگارشی از «ی» و «ک»، با یا بی نیم‌فاصله، اعراب یا فاصله؛ بخشی از \
         نام، واژه‌ها به هر ترتیبی",
    ),
    ("The name, or part of it", "نام، یا بخشی از آن"),
    (
        "Only this office and the offices below it",
        "تنها این دفتر و دفترهای زیرمجموعهٔ آن",
    ),
    (
        "Households by a member's name, a member's mobile, or part of the address",
        "خانوارها با نام یکی از اعضا، تلفن همراه یکی از اعضا، یا بخشی از نشانی",
    ),
    (
        "A member's name, or part of it",
        "نام یکی از اعضا، یا بخشی از آن",
    ),
    (
        "A member's mobile number (09…, +98…, any digits)",
        "شمارهٔ تلفن همراه یکی از اعضا (`09…`، `+98…`، با هر گونه رقم)",
    ),
    ("Part of the address", "بخشی از نشانی"),
    (
        "List exhibitions, applications, orders, offers, partners, or a business's ledger \
         statement",
        "فهرست نمایشگاه‌ها، درخواست‌ها، سفارش‌ها، پیشنهادها، سازمان‌های همکار، یا صورت‌حساب یک \
         کسب‌وکار در دفتر حساب",
    ),
    (
        "The exhibitions, with their channels and booths",
        "نمایشگاه‌ها، با کانال‌ها و غرفه‌هایشان",
    ),
    (
        "The applications to an exhibition (IDs, businesses, categories, states)",
        "درخواست‌های یک نمایشگاه (شناسه‌ها، کسب‌وکارها، دسته‌ها، وضعیت‌ها)",
    ),
    (
        "Only applications in this state: pending, approved, rejected, waitlisted or withdrawn",
        "تنها درخواست‌هایی با این وضعیت: `pending` (در انتظار بررسی)، `approved` (پذیرفته)، \
         `rejected` (ردشده)، `waitlisted` (در فهرست انتظار) یا `withdrawn` (انصراف‌داده)",
    ),
    ("The buyer orders", "سفارش‌های خریداران"),
    (
        "The producers' offers of the businesses in scope",
        "پیشنهادهای تولیدکنندهٔ کسب‌وکارهای درون دامنه",
    ),
    ("The partners in scope", "سازمان‌های همکار درون دامنه"),
    (
        "Likely-duplicate flags with their verdicts (`duplicates import`), by national ID: needs \
         --personal or --pseudonymise",
        "پرچم‌های تکراری احتمالی با رأی‌هایشان (`duplicates import`)، با کد ملی: `--personal` یا \
         `--pseudonymise` می‌خواهد",
    ),
    (
        "Give flags back their verdicts from a file `export duplicates` wrote, after the people \
         import raised them again (all or none)",
        "بازگرداندن رأی پرچم‌ها از پرونده‌ای که `export duplicates` نوشته است، پس از آن که ورود \
         افراد آن‌ها را دوباره برافراشت (همه یا هیچ)",
    ),
    (
        "A business's ledger statement: entries by the day they count on in reports, reversals \
         included on the day of the entry they cancel, with running totals",
        "صورت‌حساب یک کسب‌وکار در دفتر حساب: سندها به ترتیب روزی که گزارش‌ها آن‌ها را در آن \
         می‌شمارند، با سندهای برگشتی در روزِ سندی که باطل می‌کنند، همراه با جمع‌های تجمعی",
    ),
    ("The business's code", "کد کسب‌وکار"),
    (
        "Likely duplicates for review (same name and birth date in one office), by group; nothing \
         is merged",
        "تکراری‌های احتمالی برای بررسی (نام و تاریخ تولد یکسان در یک دفتر)، گروه‌به‌گروه؛ چیزی \
         ادغام نمی‌شود",
    ),
    (
        "Export an office's records in the import's columns (CSV or JSON)",
        "خروجی گرفتن از رکوردهای یک دفتر با همان ستون‌های پرونده‌های ورودی (CSV یا JSON)",
    ),
    ("What to export", "آن‌چه از آن خروجی گرفته می‌شود"),
    (
        "Households (the `import households` columns)",
        "خانوارها (ستون‌های `import households`)",
    ),
    (
        "People (the `import people` columns)",
        "افراد (ستون‌های `import people`)",
    ),
    (
        "Businesses (the `import businesses` columns)",
        "کسب‌وکارها (ستون‌های `import businesses`)",
    ),
    (
        "Producers' offers of the office's businesses (`offers import`)",
        "پیشنهادهای تولیدکنندهٔ کسب‌وکارهای دفتر (`offers import`)",
    ),
    (
        "Buyer orders (`orders import`; they belong to the whole programme)",
        "سفارش‌های خریداران (`orders import`؛ از آنِ کل برنامه‌اند)",
    ),
    (
        "Sales in force of the office's businesses (`sales import`), with their entry IDs",
        "فروش‌های برقرار کسب‌وکارهای دفتر (`sales import`)، با شناسهٔ سندهایشان",
    ),
    ("The format", "قالب"),
    (
        "CSV, which the import reads back",
        "CSV، که فرمان ورود دوباره آن را می‌خواند",
    ),
    (
        "JSON: an array of objects keyed by column",
        "JSON: آرایه‌ای از شیءها با نام ستون‌ها به‌عنوان کلید",
    ),
    (
        "Include the personal columns: national IDs, mobiles, names, birth dates, addresses, \
         incomes, disability and support coverage",
        "آوردن ستون‌های شخصی: کدهای ملی، تلفن‌های همراه، نام‌ها، تاریخ‌های تولد، نشانی‌ها، \
         درآمدها، معلولیت و پوشش حمایتی",
    ),
    (
        "Write national IDs and mobiles as keyed HMAC pseudonyms; the key comes from --key-file or \
         HOMEBIZ_PSEUDONYM_KEY (at least 16 bytes)",
        "نوشتن کدهای ملی و تلفن‌های همراه به‌صورت نام مستعار HMAC کلیددار؛ کلید از --key-file یا \
         HOMEBIZ_PSEUDONYM_KEY می‌آید (دست‌کم ۱۶ بایت)",
    ),
    (
        "The file holding the pseudonym key",
        "پرونده‌ای که کلید مستعارسازی را دارد",
    ),
    (
        "Write to this file (private, replaced whole) instead of printing",
        "نوشتن در این پرونده (خصوصی، یکجا جایگزین می‌شود) به‌جای چاپ",
    ),
    (
        "Staff users: add one (scoped to an office, or the whole programme), list them",
        "کاربران کارکنان: افزودن (محدود به یک دفتر، یا کل برنامه) و فهرست آن‌ها",
    ),
    (
        "Add a staff user (needs an unrestricted user): limited to one office and the offices \
         below it with `--office`, or the whole programme with `--all`. Act as them with `--user \
         CODE` or HOMEBIZ_USER",
        "افزودن یک کاربر از کارکنان (کاربری بی‌محدودیت لازم است): با `--office` محدود به یک دفتر \
         و دفترهای زیرمجموعهٔ آن، یا با `--all` کل برنامه. اجرای فرمان‌ها به‌نام او با \
         `--user CODE` یا HOMEBIZ_USER",
    ),
    (
        "The login code (letters, digits, '-', '_', '.')",
        "کد ورود (حرف، رقم، `-`، `_`، `.`)",
    ),
    (
        "The office the user is limited to (with the offices below it)",
        "دفتری که کاربر به آن محدود است (با دفترهای زیرمجموعهٔ آن)",
    ),
    (
        "The user sees and changes the whole programme",
        "کاربر کل برنامه را می‌بیند و تغییر می‌دهد",
    ),
    ("A display name", "نام نمایشی"),
    ("What the user may do", "آنچه کاربر مجاز است انجام دهد"),
    (
        "Read the user's web app password from the first line of standard input (8 to 1024 \
         characters; kept only as its argon2id hash)",
        "خواندن گذرواژهٔ برنامهٔ وب کاربر از نخستین سطر ورودی استاندارد (۸ تا ۱۰۲۴ نویسه؛ \
         فقط درهم‌سازی `argon2id` آن نگه داشته می‌شود)",
    ),
    (
        "Manages users and does what office staff do",
        "کاربران را مدیریت می‌کند و کار کارشناس دفتر را هم انجام می‌دهد",
    ),
    (
        "Registers, edits and records: the daily work",
        "ثبت، ویرایش و درج: کار روزانه",
    ),
    ("Reads only", "فقط می‌خواند"),
    (
        "List the users (a scoped user sees those of their offices)",
        "فهرست کاربران (کاربر محدود، کاربران دفترهای خود را می‌بیند)",
    ),
    (
        "Likely duplicates: list them, resolve one as the same person or different people \
         (nothing is merged)",
        "تکراری‌های احتمالی: فهرست آن‌ها، و رسیدگی به یکی به‌عنوان همان فرد یا افراد متفاوت \
         (چیزی ادغام نمی‌شود)",
    ),
    (
        "Likely duplicates of the acting user's offices (same name and birth date in one office): \
         open flags by default",
        "تکراری‌های احتمالی دفترهای کاربر کنونی (نام و تاریخ تولد یکسان در یک دفتر): به‌طور \
         پیش‌فرض نشانه‌های باز",
    ),
    ("Which flags", "کدام نشانه‌ها"),
    ("Not resolved yet", "هنوز رسیدگی‌نشده"),
    (
        "Resolved as the same person: to fix by hand",
        "رسیدگی‌شده به‌عنوان همان فرد: برای اصلاح دستی",
    ),
    ("Every flag", "همهٔ نشانه‌ها"),
    (
        "Resolve the flag of a person (the one flagged, by national ID). `same-person` keeps both \
         records and lists the pair under `--state confirmed` for staff to fix by hand; \
         `different-people` closes the flag and the pair is not listed again. Nothing is merged; \
         the resolution is recorded (who, when, note) in the person's history",
        "رسیدگی به نشانهٔ یک فرد (همان فرد نشانه‌دار، با کد ملی). `same-person` هر دو رکورد را \
         نگه می‌دارد و این جفت را زیر `--state confirmed` فهرست می‌کند تا کارکنان دستی اصلاحش \
         کنند؛ `different-people` نشانه را می‌بندد و این جفت دیگر فهرست نمی‌شود. چیزی ادغام \
         نمی‌شود؛ رسیدگی (چه کسی، کی، یادداشت) در تاریخچهٔ فرد ثبت می‌شود",
    ),
    (
        "The flagged person's national ID (any digits)",
        "کد ملی فرد نشانه‌دار (با هر گونه رقم)",
    ),
    ("What staff concluded", "نتیجه‌گیری کارکنان"),
    (
        "Why, or what to do next (recorded with the resolution)",
        "دلیل، یا کار بعدی (همراه با رسیدگی ثبت می‌شود)",
    ),
];

/// Help texts that code writes (their English from the same function):
/// such a text is written again in Persian by its function.
const MADE: &[fn(Lang) -> String] = &[crate::commands::scoring::weights_help];

/// The help text `en` in `lang`: its Persian from [`HELP`] under Persian,
/// else `en` itself (a text missing from the table fails the unit
/// tests).
pub(crate) fn text(en: &str, lang: Lang) -> String {
    match lang {
        Lang::En => en.to_owned(),
        Lang::Fa => persian(en).unwrap_or_else(|| en.to_owned()),
    }
}

/// The Persian of the help text `en`, from [`HELP`] or [`MADE`].
fn persian(en: &str) -> Option<String> {
    HELP.iter()
        .find(|(e, _)| *e == en)
        .map(|(_, fa)| (*fa).to_owned())
        .or_else(|| {
            MADE.iter()
                .find(|made| made(Lang::En) == en)
                .map(|made| made(Lang::Fa))
        })
}

/// The CLI's `cmd` for `lang`: itself in English; in Persian, built (so
/// that clap's own `--help`, `--version` and `help` are there) and every
/// text of its help in Persian.
pub(crate) fn command(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    cmd.build();
    in_persian(cmd)
}

/// `cmd` and its subcommands with Persian help.
fn in_persian(cmd: Command) -> Command {
    let about = cmd.get_about().map(|a| text(&a.to_string(), Lang::Fa));
    let long_about = cmd.get_long_about().map(|a| text(&a.to_string(), Lang::Fa));
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading(COMMANDS);
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some(long_about) = long_about {
        cmd = cmd.long_about(long_about);
    }
    let args: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in args {
        cmd = cmd.mut_arg(id, persian_arg);
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in subcommands {
        cmd = cmd.mut_subcommand(name, in_persian);
    }
    cmd
}

/// `arg` with Persian help, under a Persian heading, with its possible
/// values and default written in Persian after it (clap's English
/// `[possible values: …]` and `[default: …]` hidden).
fn persian_arg(arg: Arg) -> Arg {
    let fa = |s: &clap::builder::StyledStr| text(&s.to_string(), Lang::Fa);
    let help = arg.get_help().map(fa).unwrap_or_default();
    let long = arg.get_long_help().map(fa);
    let takes_values = arg.get_action().takes_values();
    let mut notes = String::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if takes_values && !arg.is_hide_default_value_set() && !defaults.is_empty() {
        let defaults: Vec<String> = defaults.iter().map(|v| default_value(v)).collect();
        notes.push_str(&format!(" [پیش‌فرض: {}]", defaults.join("، ")));
    }
    let mut described = String::new();
    let values: Vec<clap::builder::PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if takes_values && !arg.is_hide_possible_values_set() && !values.is_empty() {
        let names: Vec<String> = values
            .iter()
            .map(|v| format!("`{}`", v.get_name()))
            .collect();
        notes.push_str(&format!(" [مقدارها: {}]", names.join("، ")));
        for value in &values {
            if let Some(help) = value.get_help() {
                described.push_str(&format!("\n  - `{}`: {}", value.get_name(), fa(help)));
            }
        }
    }
    // The values' descriptions, as clap writes them, in the long help.
    let long = if described.is_empty() {
        long.map(|l| format!("{l}{notes}"))
    } else {
        Some(format!(
            "{}{notes}\n\nمقدارها:{described}",
            long.as_deref().unwrap_or(&help)
        ))
    };
    let heading = if arg.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    // Under a heading of its own clap lists arguments by display order,
    // then name: the positional ones keep their order by their index.
    let order = arg.get_index().map(|index| index.saturating_add(1));
    let mut arg = arg
        .help(format!("{help}{notes}"))
        .help_heading(heading)
        .hide_possible_values(true)
        .hide_default_value(true);
    if let Some(order) = order {
        arg = arg.display_order(order);
    }
    match long {
        Some(long) => arg.long_help(long),
        None => arg,
    }
}

/// A default value as the help shows it in Persian: a number with Persian
/// digits, any other value (a code to type) between backticks.
fn default_value(value: &str) -> String {
    if value.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        numerals(value, Lang::Fa).into_owned()
    } else {
        format!("`{value}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every text of the built command tree that a person reads:
    /// (where, English).
    fn texts() -> Vec<(String, String)> {
        fn walk(cmd: &Command, path: &str, found: &mut Vec<(String, String)>) {
            let mut put = |what: String, text: Option<&clap::builder::StyledStr>| {
                if let Some(text) = text {
                    found.push((what, text.to_string()));
                }
            };
            // A command or an argument without any help has no Persian
            // either: it counts as an empty English text.
            let empty = clap::builder::StyledStr::new();
            put(format!("`{path}`"), cmd.get_about().or(Some(&empty)));
            put(format!("`{path}` (long)"), cmd.get_long_about());
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = arg.get_id();
                put(format!("`{path}` {id}"), arg.get_help().or(Some(&empty)));
                put(format!("`{path}` {id} (long)"), arg.get_long_help());
                for value in arg.get_possible_values() {
                    let name = value.get_name();
                    put(format!("`{path}` {id}={name}"), value.get_help());
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), found);
            }
        }
        let mut cmd = crate::Cli::command();
        cmd.build();
        let mut found = Vec::new();
        walk(&cmd, "homebiz", &mut found);
        found
    }

    /// A new command, argument or option without Persian help fails here.
    #[test]
    fn every_command_and_argument_has_persian_help() {
        let texts = texts();
        assert!(texts.len() > 300, "{}", texts.len());
        let mut missing: Vec<String> = texts
            .iter()
            .filter(|(_, en)| en.is_empty() || persian(en).is_none())
            .map(|(what, en)| match en.as_str() {
                "" => format!("{what} has no help (a doc comment) to translate"),
                en => format!("    ({en:?}, \"\"),"),
            })
            .collect();
        missing.dedup();
        let mut seen = std::collections::HashSet::new();
        missing.retain(|m| seen.insert(m.clone()));
        assert!(
            missing.is_empty(),
            "help texts without Persian in help_fa::HELP:\n{}",
            missing.join("\n")
        );
    }

    /// No entry of the table is left over from a text the CLI no longer
    /// has (the pieces of a text written by code are parts of it).
    #[test]
    fn every_persian_text_is_used() {
        let texts = texts();
        for (en, _) in HELP {
            assert!(
                texts.iter().any(|(_, text)| text.contains(en)),
                "{en:?} is in help_fa::HELP but no help has it"
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (en, _) in HELP {
            assert!(seen.insert(en), "{en:?} is in help_fa::HELP twice");
        }
    }

    /// The Persian is Persian: Persian letters, no English word outside
    /// values to type (between backticks), option names and technical
    /// names (acronyms, SQLite, PostgreSQL); numbers in Persian digits, a
    /// list's `،` and `؛`.
    #[test]
    fn the_persian_help_is_written_in_persian() {
        let made = MADE.iter().map(|made| ("(made)", made(Lang::Fa)));
        let all = HELP
            .iter()
            .map(|(en, fa)| (*en, (*fa).to_owned()))
            .chain(made);
        for (en, fa) in all {
            assert!(!fa.trim().is_empty(), "{en}: no Persian");
            assert!(
                !fa.contains(crate::i18n::ARABIC_LETTERS),
                "{en}: Arabic yeh or kaf in {fa}"
            );
            let left = crate::i18n::latin_left(&fa)
                .replace("SQLite", "")
                .replace("PostgreSQL", "");
            assert!(
                !left
                    .chars()
                    .any(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{en}: Latin words or digits in {fa}: {left}"
            );
            assert!(
                !left.contains(", ") && !left.contains("; "),
                "{en}: a Latin comma or semicolon in {fa}"
            );
        }
    }

    /// The help of `--weights` names every criterion the recommender
    /// takes, with its default weight, in both languages.
    #[test]
    fn the_weights_help_lists_the_criteria_in_both_languages() {
        for lang in [Lang::En, Lang::Fa] {
            let mut cmd = command(crate::Cli::command(), lang);
            let help = cmd
                .find_subcommand_mut("recommend")
                .unwrap()
                .render_long_help()
                .to_string();
            for (name, weight) in homebiz::scoring::recommend::DEFAULT_WEIGHTS {
                let weight = numerals(&weight.to_string(), lang).into_owned();
                assert!(help.contains(name), "{lang:?}: {name}\n{help}");
                assert!(help.contains(&weight), "{lang:?}: {weight}\n{help}");
            }
        }
    }

    /// English help is clap's own, untouched.
    #[test]
    fn english_help_is_unchanged() {
        let mut english = command(crate::Cli::command(), Lang::En);
        let mut plain = crate::Cli::command();
        assert_eq!(
            english.render_long_help().to_string(),
            plain.render_long_help().to_string()
        );
        let mut persian = command(crate::Cli::command(), Lang::Fa);
        let help = persian.render_help().to_string();
        assert!(
            help.contains("کاربرد: `homebiz [OPTIONS] <COMMAND>`"),
            "{help}"
        );
        assert!(
            help.contains("فرمان‌ها:") && help.contains("گزینه‌ها:"),
            "{help}"
        );
        assert!(
            !help.contains("Usage") && !help.contains("Options"),
            "{help}"
        );
        // Arguments in their order, as in English.
        let import = persian
            .find_subcommand_mut("import")
            .unwrap()
            .render_help()
            .to_string();
        let (kind, file) = (import.find("<KIND>  "), import.find("<FILE>  "));
        assert!(kind.is_some() && kind < file, "{import}");
    }
}
