//! The CLI's words for people, in English and Persian: table headers and
//! the labels and values that the commands print.
//!
//! The source text is the English word itself, as the commands write it;
//! [`word`] gives its Persian form when the output is Persian, and the
//! English word unchanged otherwise, or when the catalogue does not have it
//! (a code, a name from the database). Enum values come from the domain
//! crates' `name(lang)`/`label(lang)` methods, next to their codes; this
//! catalogue holds only what the CLI itself writes.
//!
//! Why a table in the code and not a localisation crate (`fluent-bundle`,
//! `fluent-templates`, `rust-i18n`): the CLI has about a hundred fixed
//! words and short phrases in two languages, with no plural forms, gender
//! agreement or arguments beyond a number, which is what Fluent is for. A
//! Fluent bundle would be parsed at run time, look each message up by a
//! string ID that can only fail at run time, and bring its own dependency
//! tree (`fluent-syntax`, `intl-memoizer`, `unic-langid`) into a binary
//! whose MSRV is pinned by `tests/rust_version.rs`; `rust-i18n` adds proc
//! macros and YAML files read at build time. A `const` table, checked by
//! the unit tests below (no word twice, Persian letters only in Persian
//! text, no Arabic yeh or kaf), is shorter than either and fails in
//! `cargo test`, not in front of a user. If homebiz grows a third language
//! or translators outside the code, Fluent is the next step: the English
//! keys below become its message IDs.

use homebiz::core::describe::fill;
use homebiz::core::text::Lang;

/// Every header and label the CLI writes for people: (English, Persian).
const WORDS: &[(&str, &str)] = &[
    // Registry.
    ("code", "کد"),
    ("name", "نام"),
    ("level", "سطح"),
    ("parent", "واحد بالاتر"),
    ("membership", "عضویت"),
    ("members", "اعضا"),
    ("baseline income", "درآمد پایه"),
    ("registered", "تاریخ ثبت"),
    ("field", "فیلد"),
    ("value", "مقدار"),
    ("id", "شناسه"),
    ("address", "نشانی"),
    ("baseline survey", "تاریخ پیمایش پایه"),
    ("space", "فضا"),
    // An area's unit, after its number.
    ("m²", "متر مربع"),
    ("separate room", "اتاق جداگانه"),
    ("yes", "بله"),
    ("no", "خیر"),
    ("birth date", "تاریخ تولد"),
    ("gender", "جنسیت"),
    ("skills", "مهارت‌ها"),
    ("hours/week", "ساعت در هفته"),
    ("household", "خانوار"),
    ("households", "خانوارها"),
    ("group", "گروه"),
    ("office", "دفتر"),
    ("activity", "فعالیت"),
    ("state", "وضعیت"),
    ("licence", "مجوز"),
    ("health certificate", "گواهی بهداشت"),
    ("mode", "شیوه"),
    ("independent", "مستقل"),
    ("support", "پشتیبان"),
    ("cluster", "خوشه"),
    ("capital", "سرمایه"),
    ("address fragment", "بخشی از نشانی"),
    ("when (Iran time)", "زمان (به وقت ایران)"),
    ("created", "ایجاد"),
    ("updated", "ویرایش"),
    ("state_changed", "تغییر وضعیت"),
    ("consent_recorded", "ثبت رضایت"),
    ("flagged_duplicate", "نشانه‌گذاری تکراری"),
    ("who", "کاربر"),
    ("change", "تغییر"),
    // Scoring.
    ("category", "دسته"),
    ("capital from", "حداقل سرمایه"),
    ("margin %", "حاشیهٔ سود ٪"),
    ("risk", "ریسک"),
    ("rank", "رتبه"),
    ("score", "امتیاز"),
    ("sell through", "کانال فروش"),
    ("strongest reasons", "مهم‌ترین دلایل"),
    ("from home", "از خانه"),
    ("fit", "تناسب"),
    ("choice", "انتخاب"),
    ("note", "یادداشت"),
    ("headroom", "ظرفیت بازار"),
    ("unknown", "نامشخص"),
    ("ruled out", "کنار گذاشته شد"),
    ("within reach with one step", "با یک گام در دسترس"),
    ("assigned", "با فعالیت"),
    ("without an activity", "بی‌فعالیت"),
    ("total fit", "تناسب کل"),
    ("criterion", "معیار"),
    ("weight", "وزن"),
    ("alternative", "گزینه"),
    // Market.
    ("channel", "کانال"),
    ("booths", "غرفه‌ها"),
    ("monthly cap", "سقف ماهانه"),
    ("application", "درخواست"),
    ("weeks", "هفته‌ها"),
    ("applied", "تاریخ درخواست"),
    ("reason", "دلیل"),
    ("buyer", "خریدار"),
    ("quantity", "تعداد"),
    ("unit", "واحد"),
    ("ceiling", "سقف قیمت"),
    ("due", "موعد"),
    ("business", "کسب‌وکار"),
    ("businesses", "کسب‌وکارها"),
    ("capacity", "ظرفیت"),
    ("unit price", "قیمت واحد"),
    ("lead days", "روزهای تحویل"),
    ("kind", "نوع"),
    ("location", "محل"),
    ("commission", "کارمزد"),
    ("fee", "هزینهٔ ثابت"),
    ("a week", "در هفته"),
    ("a month", "در ماه"),
    ("a season", "در هر فصل"),
    ("open", "زمان فعالیت"),
    ("all year", "تمام سال"),
    ("week", "هفته"),
    ("booth", "غرفه"),
    ("why", "دلیل"),
    ("points", "امتیاز"),
    ("why not", "دلیل نرسیدن"),
    ("waitlist", "فهرست انتظار"),
    ("order", "سفارش"),
    ("total", "جمع"),
    ("unmet", "تأمین‌نشده"),
    ("unmet demand", "تقاضای تأمین‌نشده"),
    ("linked", "متصل به بازار"),
    ("rate", "نرخ"),
    ("by sale", "با فروش"),
    ("by booth", "با غرفه"),
    ("by consignment", "با فروش امانی"),
    ("by order", "با سفارش"),
    ("by channel kind", "به تفکیک نوع کانال"),
    ("business without a channel", "کسب‌وکار بدون کانال فروش"),
    // Income.
    ("seq", "ردیف"),
    ("day", "روز"),
    ("written on", "تاریخ نوشته‌شده در سند"),
    ("entry", "سند"),
    ("reverses / reversed by", "برگشتِ سند / برگشت‌خورده با"),
    ("reverses", "برگشتِ"),
    ("reversed by", "برگشت‌خورده با"),
    ("net", "خالص"),
    ("running net", "خالص انباشته"),
    ("entries", "سند"),
    ("by", "ثبت‌کننده"),
    // The CLI's built-in user, in a `by` column.
    ("programme", "برنامه"),
    ("revenue", "فروش"),
    ("period", "دوره"),
    ("scope", "دامنه"),
    ("role", "نقش"),
    ("costs", "هزینه"),
    ("fees", "عوارض"),
    ("change %", "تغییر ٪"),
    ("sustained", "اشتغال پایدار"),
    ("graduates", "فارغ‌التحصیل"),
    ("no.", "شماره"),
    ("amount", "مبلغ"),
    ("principal", "اصل"),
    ("charge", "سود و کارمزد"),
    ("charges", "سود و کارمزد"),
    ("balance", "مانده"),
    // Counted nouns and record fields.
    ("whole programme", "کل برنامه"),
    ("issued", "تاریخ صدور"),
    ("expires", "تاریخ انقضا"),
    ("number", "شماره"),
    ("loan", "وام"),
    ("exhibition", "نمایشگاه"),
    ("user", "کاربر"),
    ("partner", "سازمان همکار"),
    ("consignment", "فروش امانی"),
    ("channels", "کانال‌های فروش"),
    ("exhibitions", "نمایشگاه‌ها"),
    ("booth allocations", "تخصیص غرفه‌ها"),
    ("buyer orders", "سفارش‌های خریداران"),
    ("order matches", "تطبیق سفارش‌ها"),
    ("flagged (household, name)", "نشانه‌گذاری‌شده (خانوار، نام)"),
    ("resembles (household, name)", "شبیه به (خانوار، نام)"),
    ("(taken)", "(رزروشده)"),
    ("person", "فرد"),
    ("row", "ردیف"),
    ("skipped row", "ردیف کنارگذاشته"),
    ("conflict", "تعارض"),
    ("likely duplicate", "تکراری احتمالی"),
    ("booking", "نوبت غرفه"),
    ("offer", "پیشنهاد"),
    ("new entry", "سند تازه"),
    ("batch", "دسته"),
    ("month", "ماه"),
    ("duplicate_resolved", "رسیدگی به تکراری"),
    ("baseline", "خط پایه"),
    ("registered on", "تاریخ ثبت"),
    ("support coverage", "پوشش حمایتی"),
    ("given name", "نام"),
    ("family name", "نام خانوادگی"),
    ("national id", "کد ملی"),
    ("mobile", "تلفن همراه"),
    ("education", "تحصیلات"),
    ("hours per week", "ساعت در هفته"),
    ("interests", "علاقه‌ها"),
    ("disability", "معلولیت"),
    ("owner", "مالک"),
    ("capital invested", "سرمایهٔ به‌کاررفته"),
    ("area m2", "مساحت"),
    ("baseline income rial", "درآمد پایه"),
    ("baseline survey date", "تاریخ پیمایش پایه"),
    ("licence number", "شمارهٔ مجوز"),
    ("licence issued", "تاریخ صدور مجوز"),
    ("licence expires", "تاریخ انقضای مجوز"),
    ("health number", "شمارهٔ گواهی بهداشت"),
    ("health issued", "تاریخ صدور گواهی بهداشت"),
    ("health expires", "تاریخ انقضای گواهی بهداشت"),
    ("capital rial", "سرمایه"),
    ("verdict", "نتیجه"),
];

/// Every sentence the CLI writes for people: (English, Persian), with
/// named `{slots}` that [`sentence`] fills. The English side is the sentence
/// exactly as the English output writes it; Persian orders the slots as
/// Persian reads. Numbers in slots are written with the output's digits
/// by [`Slot`]; amounts come already written in the output's format.
const PHRASES: &[(&str, &str)] = &[
    (
        "checked (dry run, nothing written)",
        "بررسی شد (آزمایشی، چیزی نوشته نشد)",
    ),
    ("imported", "وارد شد"),
    (
        "{verb} {file}: {rows}, {created} created, {updated} updated, {unchanged} unchanged, {refused} refused{conflicts}",
        "{file}: {verb}؛ {rows}، {created} ایجاد، {updated} به‌روز، {unchanged} بی‌تغییر، {refused} ردشده{conflicts}",
    ),
    (
        "{verb} {file}: {rows}, {created} created, {existing} existing, {rejected} rejected{conflicts}{written}",
        "{file}: {verb}؛ {rows}، {created} ایجاد، {existing} موجود، {rejected} ردشده{conflicts}{written}",
    ),
    ("and {more} more", "و {more} مورد دیگر"),
    (
        "{flagged} flagged for review (same name and birth date as someone in the office): homebiz duplicates list shows them",
        "{flagged} برای بازبینی نشانه‌گذاری شد (هم‌نام و هم‌تاریخ تولد با کسی در همان دفتر): `homebiz duplicates list` آن‌ها را نشان می‌دهد",
    ),
    (
        "{what}: no change (the values were already as given)",
        "{what}: بدون تغییر (مقدارها از پیش همین بودند)",
    ),
    ("{what}: changed {fields}", "{what}: تغییر {fields}"),
    (
        "{what}: {from} → {to} ({reason})",
        "{what}: {from} → {to} ({reason})",
    ),
    ("{what}: {from} → {to}", "{what}: {from} → {to}"),
    (
        "entry {entry} (no. {seq}) for business {business}",
        "سند {entry} (ردیف {seq}) برای کسب‌وکار {business}",
    ),
    (
        "committed batch {batch}: {entries} recorded ({rows} read so far)",
        "دستهٔ {batch} ثبت شد: {entries} ثبت‌شده ({rows} خوانده‌شده تا اینجا)",
    ),
    (
        "imported {file}: {rows}, {recorded} recorded, {existing} existing, {rejected} rejected{conflicts}, in {batches}{written}",
        "{file}: وارد شد؛ {rows}، {recorded} ثبت‌شده، {existing} موجود، {rejected} ردشده{conflicts}، در {batches}{written}",
    ),
    (
        "entry {entry} reversed by entry {reversal} (no. {seq})",
        "سند {entry} با سند {reversal} (ردیف {seq}) برگشت خورد",
    ),
    ("wrote {file}", "{file} نوشته شد"),
    (
        "{table}\n{households} with a business; {sustained} sustained, {linked} linked ({rate}%), {graduating} ready to graduate (months {first} to {last}; linkage {from} to {until})",
        "{table}\n{households} با کسب‌وکار؛ {sustained} با اشتغال پایدار، {linked} متصل به بازار ({rate}٪)، {graduating} آمادهٔ فراغت (ماه‌های {first} تا {last}؛ اتصال به بازار از {from} تا {until})",
    ),
    ("; next instalment due {day}", "؛ موعد قسط بعدی {day}"),
    (
        "loan {loan} of business {business}, paid out {day}\n{schedule}\non {as_of}: due {due}, paid {paid}, arrears {arrears} ({days} overdue), outstanding {outstanding} {unit}{next}",
        "وام {loan} کسب‌وکار {business}، پرداخت‌شده در {day}\n{schedule}\nدر {as_of}: سررسیده {due}، پرداخت‌شده {paid}، معوق {arrears} ({days} تأخیر)، مانده {outstanding} {unit}{next}",
    ),
    (
        "channel {code} added ({id})",
        "کانال {code} افزوده شد ({id})",
    ),
    ("{from} to {until}", "{from} تا {until}"),
    (
        "exhibition {code} created on channel {channel}: import its booths with `homebiz exhibition booths import FILE`",
        "نمایشگاه {code} روی کانال {channel} ساخته شد: غرفه‌هایش را با `homebiz exhibition booths import FILE` وارد کنید",
    ),
    (
        "{bookings}\n{waitlist_word}:\n{waitlist}\n{booked} over {weeks} from {from}, {waiting} waiting; total points {points}",
        "{bookings}\n{waitlist_word}:\n{waitlist}\n{booked} در {weeks} از {from}، {waiting} در انتظار؛ جمع امتیاز {points}",
    ),
    (
        "exhibition {code} has no bookings: run `homebiz exhibition allocate`",
        "نمایشگاه {code} هنوز نوبت غرفه‌ای ندارد: `homebiz exhibition allocate` را اجرا کنید",
    ),
    (
        "application {id} of business {business} to {exhibition} is pending",
        "درخواست {id} کسب‌وکار {business} برای {exhibition} در انتظار بررسی است",
    ),
    (
        "application {id}: {from} → {to}",
        "درخواست {id}: {from} → {to}",
    ),
    (
        "imported {file}: {rows}, {resolved} resolved, {unchanged} unchanged",
        "{file}: وارد شد؛ {rows}، {resolved} رسیدگی‌شده، {unchanged} بی‌تغییر",
    ),
    (
        "imported {file}: {rows}, {created} created, {existing} existing",
        "{file}: وارد شد؛ {rows}، {created} ایجاد، {existing} موجود",
    ),
    (
        "imported {file}: {offers}, {created} created, {existing} existing, {replaced} replaced",
        "{file}: وارد شد؛ {offers}، {created} ایجاد، {existing} موجود، {replaced} جایگزین",
    ),
    (
        "office {office} has no businesses",
        "دفتر {office} کسب‌وکاری ندارد",
    ),
    (
        "{summary}\n{unlinked}\nlinkage under {office}, {from} to {until} ({months})",
        "{summary}\n{unlinked}\nاتصال به بازار در {office}، از {from} تا {until} ({months})",
    ),
    (
        "office {office} and the offices below it",
        "دفتر {office} و دفترهای زیر آن",
    ),
    ("the whole programme", "کل برنامه"),
    (
        "user {code} added: {role}, {scope}",
        "کاربر {code} افزوده شد: {role}، {scope}",
    ),
    (
        "cannot read the password from standard input",
        "گذرواژه از ورودی استاندارد خوانده نشد",
    ),
    ("open", "باز"),
    (
        "duplicate resolved: {verdict} (nothing is merged)",
        "تکراری بودن بررسی شد: {verdict} (چیزی ادغام نمی‌شود)",
    ),
    (
        "{verdict} by {who} on {day}",
        "{verdict}، به تشخیص {who} در {day}",
    ),
    (
        "initialised {db} (schema version {version})",
        "{db} آماده شد (نسخهٔ طرح‌واره {version})",
    ),
    ("consistent", "سازگار"),
    (
        "inconsistent (CR > 0.1): revise the judgements",
        "ناسازگار (CR > ۰٫۱): مقایسه‌ها را بازبینی کنید",
    ),
    ("wrote {rows} to {file}", "{rows} در {file} نوشته شد"),
    ("; {rows} in {file}", "؛ {rows} در {file}"),
    (
        "\ncriteria not in the weights file kept their default weight: {kept}",
        "\nمعیارهایی که در پروندهٔ وزن‌ها نیامده‌اند وزن پیش‌فرض خود را نگه داشتند: {kept}",
    ),
    // Errors the CLI words itself.
    ("cannot open {file}", "{file} باز نشد"),
    (
        "{file} is a folder, not a file: give the file in it",
        "{file} پوشه است، نه پرونده: پرونده‌ای را که در آن است بدهید",
    ),
    ("{problem} (with --business)", "{problem} (با --business)"),
    ("cannot read {file}", "{file} خوانده نشد"),
    ("cannot write {file}", "{file} نوشته نشد"),
    (
        "{option} {file}: cannot resolve the path",
        "{option} {file}: مسیر پیدا نشد",
    ),
    (
        "{option} {file} is the database {db} or one of its files: choose another file",
        "{option} {file} همان پایگاه دادهٔ {db} یا یکی از پرونده‌های آن است: پروندهٔ دیگری برگزینید",
    ),
    (
        "{option} {file} is the input {input}: choose another file",
        "{option} {file} همان ورودی {input} است: پروندهٔ دیگری برگزینید",
    ),
    (
        "{option} {file} is a folder: give a file name",
        "{option} {file} پوشه است: نام یک پرونده را بدهید",
    ),
    (
        "{option} {file} is not a regular file: give a file name",
        "{option} {file} پروندهٔ معمولی نیست: نام یک پرونده را بدهید",
    ),
    (
        "database {db} does not exist: run `homebiz init` first",
        "پایگاه دادهٔ {db} وجود ندارد: نخست `homebiz init` را اجرا کنید",
    ),
    (
        "database {db} is empty (no homebiz schema): run `homebiz init` first",
        "پایگاه دادهٔ {db} خالی است (طرح‌وارهٔ این برنامه را ندارد): نخست `homebiz init` را اجرا کنید",
    ),
    (
        "database {db} has schema version {found}, older than this homebiz's {current}: run `homebiz init` to upgrade it",
        "طرح‌وارهٔ پایگاه دادهٔ {db} نسخهٔ {found} است، کهنه‌تر از نسخهٔ {current} این برنامه: برای به‌روز کردنش `homebiz init` را اجرا کنید",
    ),
    (
        "database {db} is read-only here: init writes it",
        "پایگاه دادهٔ {db} اینجا فقط‌خواندنی است: `homebiz init` در آن می‌نویسد",
    ),
    (
        "database {db} is read-only here: commands that only read work, this one writes",
        "پایگاه دادهٔ {db} اینجا فقط‌خواندنی است: فرمان‌هایی که فقط می‌خوانند کار می‌کنند، این فرمان می‌نویسد",
    ),
    (
        "database {db}: permission denied",
        "پایگاه دادهٔ {db}: اجازهٔ دسترسی نیست",
    ),
    (
        "database {db} is {what}, not a file",
        "پایگاه دادهٔ {db} {what} است، نه پرونده",
    ),
    (
        "database {db} has writes in its -wal file that cannot be read in a read-only folder: copy the files to a writable folder",
        "پایگاه دادهٔ {db} در پروندهٔ `-wal` خود نوشته‌هایی دارد که در پوشهٔ فقط‌خواندنی خوانده نمی‌شوند: پرونده‌ها را به پوشه‌ای نوشتنی رونوشت کنید",
    ),
    (
        "{db} is not a homebiz database: it is left as it is",
        "{db} پایگاه دادهٔ این برنامه نیست: دست‌نخورده ماند",
    ),
    (
        "HOMEBIZ_NOW is not an RFC 3339 instant",
        "`HOMEBIZ_NOW` زمانی به قالب `RFC 3339` نیست",
    ),
    (
        "HOMEBIZ_ACTOR is not a uuid",
        "`HOMEBIZ_ACTOR` یک `uuid` نیست",
    ),
    (
        "HOMEBIZ_OFFICE: office {code} not found",
        "`HOMEBIZ_OFFICE`: دفتر {code} یافت نشد",
    ),
    ("{field} {reason}", "{field} {reason}"),
    (
        "invalid amount {text}: {reason}",
        "مبلغ {text} نامعتبر است: {reason}",
    ),
    (
        "invalid rate {text}: write 9% or 0.09",
        "نرخ {text} نامعتبر است: 9% یا 0.09 بنویسید",
    ),
    (
        "invalid date: write the year first, as year-month-day (1403-12-31, not 31/12/1403)",
        "تاریخ نامعتبر است: نخست سال را بنویسید، به شکل سال-ماه-روز (1403-12-31، نه 31/12/1403)",
    ),
    (
        "invalid date: write the year in full (1370, not 70)",
        "تاریخ نامعتبر است: سال را کامل بنویسید (1370، نه 70)",
    ),
    (
        "give --name, --mobile or --address",
        "--name، --mobile یا --address را بدهید",
    ),
    (
        "--key-file {file}: cannot read",
        "--key-file {file}: خوانده نشد",
    ),
    (
        "--pseudonymise needs --key-file or {var}",
        "--pseudonymise به --key-file یا {var} نیاز دارد",
    ),
    ("the pseudonym key", "کلید مستعارسازی"),
    (
        "--format svg needs --out FILE",
        "`--format svg` به `--out FILE` نیاز دارد",
    ),
    (
        "--out {file}: give --format (table, csv, json or svg), or a name ending in .svg, .csv, .json or .txt",
        "--out {file}: `--format` را بدهید (`table`، `csv`، `json` یا `svg`)، یا نامی که به `.svg`، `.csv`، `.json` یا `.txt` پایان یابد",
    ),
    ("invalid --period", "--period نامعتبر است"),
    (
        "invalid limit {limit}: write category=N",
        "سقف {limit} نامعتبر است: به شکل `category=N` بنویسید",
    ),
    (
        "invalid limit {limit}: N is a whole number",
        "سقف {limit} نامعتبر است: `N` عددی صحیح است",
    ),
    ("--months must be at least 1", "--months باید دست‌کم 1 باشد"),
    (
        "{file}: row {row}, column demand: not a whole number from 0 to {max}",
        "{file}: ردیف {row}، ستون `demand`: عدد صحیحی از 0 تا {max} نیست",
    ),
    (
        "{file}: row {row}, column weight: {value} is not a weight: a weight is 0 or more",
        "{file}: ردیف {row}، ستون `weight`: {value} وزن نیست: وزن 0 یا بیشتر است",
    ),
    (
        "{file}: row {row}, column {column}: repeats row {earlier} of this file",
        "{file}: ردیف {row}، ستون `{column}`: ردیف {earlier} همین پرونده را تکرار می‌کند",
    ),
    (
        "{file}: row {row}, column weight: not a number",
        "{file}: ردیف {row}، ستون `weight`: عدد نیست",
    ),
    ("{file}: column criterion", "{file}: ستون `criterion`"),
    (
        "{file}: a pairwise matrix must name all criteria in order: {criteria}",
        "{file}: ماتریس مقایسهٔ زوجی باید همهٔ معیارها را به ترتیب نام ببرد: {criteria}",
    ),
    (
        "{file}: row {row}, column {column}: not a number",
        "{file}: ردیف {row}، ستون {column}: عدد نیست",
    ),
    (
        "{file}: cannot read the header",
        "{file}: سرستون خوانده نشد",
    ),
    ("{file}: invalid matrix", "{file}: ماتریس نامعتبر است"),
    (
        "the pairwise matrix must name the same criteria, in the same order, in its header and first column",
        "ماتریس مقایسهٔ زوجی باید در سرستون و ستون نخست همان معیارها را به همان ترتیب نام ببرد",
    ),
    // What `main` says before the view is set.
    (
        "{name} is not one of {values}: set it to one of them, or unset it",
        "{name} هیچ‌یک از `{values}` نیست: یکی از آن‌ها را بگذارید، یا آن را بردارید",
    ),
    (
        "{name} is not valid UTF-8: set it to one of its values, or unset it",
        "{name} متن `UTF-8` نیست: یکی از مقدارهایش را بگذارید، یا آن را بردارید",
    ),
    ("argument {n} ({name}…)", "آرگومان {n} ({name}…)"),
    ("the value of {name}", "مقدار {name}"),
    ("argument {n}", "آرگومان {n}"),
    (
        "{argument} contains a control character",
        "{argument} نویسهٔ کنترلی دارد",
    ),
    (
        "HOMEBIZ_DB is set but empty: set it to the database file, or unset it",
        "`HOMEBIZ_DB` گذاشته شده اما خالی است: پروندهٔ پایگاه داده را در آن بگذارید، یا آن را بردارید",
    ),
    ("cannot write the output", "خروجی نوشته نشد"),
    // clap's usage errors (`errors::usage`).
    ("unexpected argument {arg}", "آرگومان ناشناختهٔ `{arg}`"),
    (
        "unrecognized command {command}",
        "فرمان ناشناختهٔ `{command}`",
    ),
    (
        "required arguments were not given: {args}",
        "این آرگومان‌های لازم داده نشده‌اند: `{args}`",
    ),
    ("a command is needed", "فرمانی لازم است"),
    (
        "invalid value {value} for {arg}; possible values: {valid}",
        "مقدار `{value}` برای `{arg}` نامعتبر است؛ مقدارهای ممکن: `{valid}`",
    ),
    ("{arg} needs a value", "`{arg}` مقداری می‌خواهد"),
    (
        "{arg} is given more than once",
        "`{arg}` بیش از یک بار داده شده است",
    ),
    (
        "invalid value {value} for {arg}",
        "مقدار `{value}` برای `{arg}` نامعتبر است",
    ),
    (
        "{arg} cannot be used with {other}",
        "`{arg}` با `{other}` با هم به کار نمی‌روند",
    ),
    (
        "wrong number of values for {arg}",
        "شمار مقدارهای `{arg}` نادرست است",
    ),
    ("the arguments are not valid", "آرگومان‌ها نامعتبرند"),
    (
        "\n  tip: did you mean {suggested}?",
        "\n  راهنما: آیا منظورتان `{suggested}` است؟",
    ),
    ("\n\nUsage: {usage}", "\n\nکاربرد: `{usage}`"),
    (
        "\n\nFor more information, try {help}.",
        "\n\nبرای آگاهی بیشتر `{help}` را بیازمایید.",
    ),
    ("{n} by default", "{n} به‌طور پیش‌فرض"),
    (
        "--months ({months}) must be from 1 to --window ({window}), which is at most {max}",
        "--months ({months}) باید از ۱ تا --window ({window}) باشد که حداکثر {max} است",
    ),
];

/// `en` in `lang`: its Persian form from the catalogue when `lang` is
/// Persian and the catalogue has it, else `en` itself.
pub(crate) fn word(en: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => en,
        Lang::Fa => WORDS
            .iter()
            .find(|(e, _)| *e == en)
            .map_or(en, |(_, fa)| fa),
    }
}

/// A value for a sentence's `{slot}`, as [`say!`](crate::context::say)
/// passes it: a number ([`Numeral`]) is written with the output's digits
/// and separators ([`numerals`](homebiz::core::text::numerals)) by
/// [`NumberSlot`], any other value (a code, an ID, a name, a path, text
/// already written for people) as it is by [`TextSlot`]. Which of the two
/// applies is chosen by the value's type where the macro is called
/// (method resolution tries `NumberSlot` on `Slot` before `TextSlot` on
/// `&Slot`), so numbers are localised in this one place, not at each call.
pub(crate) struct Slot<'a, T: ?Sized>(pub(crate) &'a T);

/// A value that is a number for people (a count, a date, a rate), written
/// with the output's digits in a sentence; codes and IDs are not numerals,
/// even when they are digits.
pub(crate) trait Numeral: std::fmt::Display {}

macro_rules! numerals {
    ($($t:ty),*) => { $(impl Numeral for $t {})* };
}
numerals!(
    u8,
    u16,
    u32,
    u64,
    usize,
    i32,
    i64,
    homebiz::core::rust_decimal::Decimal,
    homebiz::core::JalaliDate,
    homebiz::core::JalaliMonth
);
impl<T: Numeral + ?Sized> Numeral for &T {}

/// Text made of numbers (`2025-06-01`, `12.5%`) that a command formatted
/// itself: a [`Numeral`], so that a slot writes it with the output's
/// digits.
pub(crate) struct Numeric<T>(pub(crate) T);

impl<T: std::fmt::Display> std::fmt::Display for Numeric<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: std::fmt::Display> Numeral for Numeric<T> {}

/// A [`Numeral`] slot's text: its number with `lang`'s digits.
pub(crate) trait NumberSlot {
    /// The slot's text in `lang`.
    fn slot(&self, lang: Lang) -> String;
}

impl<T: Numeral + ?Sized> NumberSlot for Slot<'_, T> {
    fn slot(&self, lang: Lang) -> String {
        homebiz::core::text::numerals(&self.0.to_string(), lang).into_owned()
    }
}

/// Any other slot's text: the value as it is.
pub(crate) trait TextSlot {
    /// The slot's text (the same in every language).
    fn slot(&self, lang: Lang) -> String;
}

impl<T: std::fmt::Display + ?Sized> TextSlot for &Slot<'_, T> {
    fn slot(&self, _lang: Lang) -> String {
        self.0.to_string()
    }
}

/// The sentence `en` (a [`PHRASES`] key) in `lang`, its `{slots}`
/// filled from `args` by name. A sentence missing from the catalogue is
/// written in English (and fails debug builds, so that tests find it).
pub(crate) fn sentence(en: &str, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let template = match lang {
        Lang::En => en,
        Lang::Fa => {
            let found = PHRASES.iter().find(|(e, _)| *e == en).map(|(_, fa)| *fa);
            debug_assert!(found.is_some(), "no Persian for the sentence {en:?}");
            found.unwrap_or(en)
        }
    };
    fill(template, args)
}

/// A lifecycle state's code (`in_training`, `graduated`) as people read it
/// in `lang`; an unknown code unchanged.
pub(crate) fn state(code: &str, lang: Lang) -> &str {
    use homebiz::registry::{BusinessState, MembershipState};
    MembershipState::label_of(code, lang)
        .or_else(|| BusinessState::label_of(code, lang))
        .unwrap_or(code)
}

/// The name of a money unit in `lang`, for headers: `rial`, `تومان`.
pub(crate) fn unit_name(unit: homebiz::core::money::MoneyUnit, lang: Lang) -> &'static str {
    use homebiz::core::money::MoneyUnit;
    match (unit, lang) {
        (MoneyUnit::Toman, Lang::En) => "toman",
        (MoneyUnit::Toman, Lang::Fa) => "تومان",
        (_, Lang::En) => "rial",
        (_, Lang::Fa) => "ریال",
    }
}

/// The Latin text a Persian sentence has beyond what it may keep: its
/// slots, commands to type between backticks, option names and
/// technical names.
#[cfg(test)]
pub(crate) fn latin_left(fa: &str) -> String {
    use homebiz::core::describe::slots;
    let mut text = fa.to_owned();
    for slot in slots(fa) {
        text = text.replace(&format!("{{{slot}}}"), "");
    }
    let text: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect();
    // Option names (`--window`) are typed as they are.
    let text: String = text
        .split_whitespace()
        .filter(|w| !w.contains("--"))
        .collect::<Vec<_>>()
        .join(" ");
    ["UTC", "CR", "field=value"]
        .iter()
        .fold(text, |t, allowed| t.replace(allowed, ""))
}

/// Arabic yeh, alef maksura and kaf: Persian writes ی and ک.
#[cfg(test)]
pub(crate) const ARABIC_LETTERS: [char; 3] = ['\u{064A}', '\u{0649}', '\u{0643}'];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_word_twice() {
        let mut seen = std::collections::HashSet::new();
        for (en, _) in WORDS {
            assert!(seen.insert(en), "{en} is in the catalogue twice");
        }
    }

    #[test]
    fn persian_is_written_with_persian_letters() {
        for (en, fa) in WORDS {
            assert!(!fa.trim().is_empty(), "{en}: no Persian text");
            assert!(
                !fa.contains(ARABIC_LETTERS),
                "{en}: Arabic yeh or kaf in {fa}"
            );
            // No English left, but for the abbreviation UTC.
            assert!(
                !fa.replace("UTC", "")
                    .chars()
                    .any(|c| c.is_ascii_alphabetic()),
                "{en}: Latin letters in {fa}"
            );
            // English text has no Persian (a unit's sign, `m²`, is not).
            assert!(
                !en.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                "{en} is not English"
            );
        }
    }

    #[test]
    fn every_sentence_has_persian_with_the_same_slots() {
        assert_eq!(homebiz::core::describe::check(PHRASES), Ok(()));
        for (en, fa) in PHRASES {
            let left = latin_left(fa);
            assert!(
                !left.chars().any(|c| c.is_ascii_alphabetic()),
                "{en}: Latin letters in {fa}: {left}"
            );
        }
    }

    /// The literal sentences of the `say!` calls in the CLI's sources.
    fn said() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![dir.clone()];
        let mut sentences = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Spelled in two parts, so that this line is not a call.
            let call = ["say", "!("].concat();
            for (i, _) in text.match_indices(&call) {
                // Not in a comment (the macro's documentation).
                let line = &text[text[..i].rfind('\n').map_or(0, |n| n + 1)..i];
                if line.trim_start().starts_with("//") {
                    continue;
                }
                let rest = text[i + call.len()..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else {
                    continue;
                };
                let mut sentence = String::new();
                let mut chars = rest.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => sentence.push('\n'),
                            Some(other) => sentence.push(other),
                            None => break,
                        },
                        c => sentence.push(c),
                    }
                }
                sentences.push(sentence);
            }
        }
        sentences
    }

    #[test]
    fn every_sentence_the_cli_says_is_in_the_catalogue() {
        let said = said();
        assert!(said.len() > 40, "{} sentences found", said.len());
        for sentence in &said {
            assert!(
                PHRASES.iter().any(|(en, _)| en == sentence),
                "say!({sentence:?}) has no Persian in PHRASES"
            );
        }
    }

    #[test]
    fn sentences_fill_their_slots_by_name() {
        let file = "x.csv";
        let rows = 3;
        let args: [(&str, &dyn std::fmt::Display); 2] = [("file", &file), ("rows", &rows)];
        assert_eq!(
            sentence("wrote {rows} to {file}", Lang::En, &args),
            "wrote 3 to x.csv"
        );
        assert_eq!(
            sentence("wrote {rows} to {file}", Lang::Fa, &args),
            "3 در x.csv نوشته شد"
        );
        // A brace that opens no slot is kept.
        assert_eq!(fill("{a} {b}", &[("a", &1)]), "1 {b}");
    }

    /// `say!`'s slots: a number's type writes it with the language's
    /// digits; text, even of digits only (a code the user typed), is left.
    #[test]
    // Written as `say!` writes it: the borrow is what picks the slot.
    #[allow(clippy::needless_borrow)]
    fn slots_write_numbers_by_their_type_and_leave_text() {
        use super::{NumberSlot as _, TextSlot as _};
        assert_eq!((&Slot(&12345u64)).slot(Lang::Fa), "۱۲٬۳۴۵");
        assert_eq!((&Slot(&&7usize)).slot(Lang::Fa), "۷");
        assert_eq!((&Slot(&Numeric("12.5"))).slot(Lang::Fa), "۱۲٫۵");
        let day: homebiz::core::JalaliDate = "1404-07-12".parse().unwrap();
        assert_eq!((&Slot(&day)).slot(Lang::Fa), "۱۴۰۴-۰۷-۱۲");
        assert_eq!((&Slot(&"12345")).slot(Lang::Fa), "12345");
        assert_eq!(
            (&Slot(&"URM-DZS-00003".to_owned())).slot(Lang::Fa),
            "URM-DZS-00003"
        );
        assert_eq!((&Slot(&12345u64)).slot(Lang::En), "12345");
    }

    #[test]
    fn english_is_unchanged_and_unknown_words_pass_through() {
        assert_eq!(word("capital", Lang::En), "capital");
        assert_eq!(word("capital", Lang::Fa), "سرمایه");
        assert_eq!(word("S-000001", Lang::Fa), "S-000001");
    }
}
