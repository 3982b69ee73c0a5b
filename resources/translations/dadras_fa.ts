<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="134"/>
        <source>The administrator</source>
        <translation>مدیر سامانه</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="137"/>
        <source>This user sets up units, categories and the other users. Keep the password safe.</source>
        <translation>این کاربر واحدها، موضوع‌ها و دیگر کاربران را تعریف می‌کند. گذرواژه را در جای امنی نگه دارید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="149"/>
        <source>Username (Latin letters)</source>
        <translation>نام کاربری (با حروف لاتین)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="151"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="152"/>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="153"/>
        <source>Repeat the password</source>
        <translation>تکرار گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="172"/>
        <source>The two passwords are not the same.</source>
        <translation>دو گذرواژه‌ی واردشده یکسان نیستند.</translation>
    </message>
</context>
<context>
    <name>AdminPages</name>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="104"/>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="104"/>
        <source>Inactive</source>
        <translation>غیرفعال</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="133"/>
        <source>Save</source>
        <translation>ثبت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="138"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="218"/>
        <source>Edit…</source>
        <translation>ویرایش…</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/application.py" line="183"/>
        <source>The database file is on a network share:
%1

A database file on a shared folder can be damaged when several computers write to it. Keep the file on this computer&apos;s own disk. For several computers, ask your administrator to set up the office&apos;s PostgreSQL server and to start Dadras with its address:
dadras --db postgresql://user:password@server/dadras</source>
        <translation>پرونده‌ی پایگاه داده در یک پوشه‌ی اشتراکی شبکه است:
%1

وقتی چند رایانه در پرونده‌ای روی پوشه‌ی اشتراکی بنویسند، ممکن است پرونده آسیب ببیند. پرونده را روی دیسک همین رایانه نگه دارید. برای کار هم‌زمان چند رایانه، از مدیر سامانه بخواهید سرور PostgreSQL دفتر را راه‌اندازی کند و دادرس را با نشانی آن باز کند:
dadras --db postgresql://user:password@server/dadras</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="195"/>
        <source>The database file cannot be opened:
%1

Check that the file exists, that you may read and write it, and that the disk is not full.

Details: %2</source>
        <translation>فایل پایگاه داده باز نمی‌شود:
‎%1‎

بررسی کنید که فایل وجود داشته باشد، اجازه‌ی خواندن و نوشتن آن را داشته باشید و دیسک پر نباشد.

جزئیات: %2</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="219"/>
        <source>The office server cannot be reached:
%1

Check that this computer is on the office network and that the server is running, and ask your administrator whether the address, user name and password are right.

Details: %2</source>
        <translation>به سرور دفتر دسترسی نیست:
%1

بررسی کنید که این رایانه به شبکه‌ی دفتر وصل باشد و سرور روشن باشد، و از مدیر سامانه بپرسید نشانی، نام کاربری و گذرواژه درست است یا نه.

جزئیات: %2</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="273"/>
        <source>Updating the search index for this version of Dadras…</source>
        <translation>نمایه‌ی جست‌وجو برای این نسخه‌ی دادرس به‌روز می‌شود…</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <location filename="../../ui/pages/backup.py" line="73"/>
        <source>Back up now</source>
        <translation>پشتیبان‌گیری اکنون</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="75"/>
        <source>Restore from a file…</source>
        <translation>بازگردانی از پرونده…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="76"/>
        <source>Settings…</source>
        <translation>تنظیمات…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="79"/>
        <source>Made</source>
        <translation>زمان ساخت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="80"/>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="82"/>
        <source>Encrypted</source>
        <translation>رمزگذاری‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="85"/>
        <source>File</source>
        <translation>پرونده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="100"/>
        <source>Backup folder</source>
        <translation>پوشه‌ی پشتیبان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="101"/>
        <source>Automatic backup</source>
        <translation>پشتیبان‌گیری خودکار</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="102"/>
        <source>Copies kept</source>
        <translation>تعداد نسخه‌های نگه‌داشته</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="103"/>
        <source>Encryption</source>
        <translation>رمزگذاری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="104"/>
        <source>Last automatic backup</source>
        <translation>آخرین پشتیبان‌گیری خودکار</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="116"/>
        <source>Backups</source>
        <translation>پشتیبان‌گیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="133"/>
        <source>Not set</source>
        <translation>تعیین نشده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="138"/>
        <source>With a passphrase</source>
        <translation>با گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="138"/>
        <source>None</source>
        <translation>ندارد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="141"/>
        <source>Never</source>
        <translation>هنوز انجام نشده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="157"/>
        <source>No backup folder has been chosen yet. Press «Settings…» to choose one, best on a disk apart from this computer; then press «Back up now» to make the first copy.</source>
        <translation>هنوز پوشه‌ی پشتیبان تعیین نشده است. با «تنظیمات…» پوشه‌ای انتخاب کنید، بهتر است روی دیسکی جدا از این رایانه؛ سپس با «پشتیبان‌گیری اکنون» نخستین نسخه را بگیرید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="162"/>
        <source>There is no backup of this office in the backup folder yet. Press «Back up now» to make the first one.</source>
        <translation>هنوز نسخه‌ی پشتیبانی از این دفتر در پوشه‌ی پشتیبان نیست. با «پشتیبان‌گیری اکنون» نخستین نسخه را بگیرید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="168"/>
        <source>Off</source>
        <translation>خاموش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="169"/>
        <source>Every %1 hours</source>
        <translation>هر %1 ساعت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="221"/>
        <source>Dadras backups (*.backup)</source>
        <translation>نسخه‌های پشتیبان دادرس (*.backup)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="83"/>
        <source>Yes</source>
        <translation>بله</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="83"/>
        <source>No</source>
        <translation>خیر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="146"/>
        <source>This office&apos;s backups in the folder %1</source>
        <translation>نسخه‌های پشتیبان این دفتر در پوشه‌ی %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="148"/>
        <source>This office&apos;s backups</source>
        <translation>نسخه‌های پشتیبان این دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="182"/>
        <source>Back up into which folder?</source>
        <translation>پشتیبان در کدام پوشه نوشته شود؟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="192"/>
        <source>Backing up the database…</source>
        <translation>در حال پشتیبان‌گیری از پایگاه داده…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="205"/>
        <source>Backed up: %1 (%2)</source>
        <translation>پشتیبان گرفته شد: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="219"/>
        <source>Restore which backup?</source>
        <translation>کدام نسخه‌ی پشتیبان بازگردانده شود؟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="238"/>
        <source>Checking and restoring the backup…</source>
        <translation>در حال بررسی و بازگردانی نسخه‌ی پشتیبان…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="247"/>
        <location filename="../../ui/pages/backup.py" line="278"/>
        <source>Restore a backup</source>
        <translation>بازگردانی نسخه‌ی پشتیبان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="250"/>
        <source>Everything in the database will be replaced by the backup %1. The current database is kept as a safety copy first. Everyone is logged out afterwards. Restore it?</source>
        <translation>همه‌ی داده‌های پایگاه داده با نسخه‌ی پشتیبان %1 جایگزین می‌شود. پیش از آن از پایگاه داده‌ی کنونی یک نسخه‌ی احتیاطی نگه داشته می‌شود. پس از بازگردانی همه‌ی کاربران باید دوباره وارد شوند. بازگردانده شود؟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="255"/>
        <source>Restore</source>
        <translation>بازگردانی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="256"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="263"/>
        <source>Encrypted backup</source>
        <translation>نسخه‌ی پشتیبان رمزگذاری‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="264"/>
        <source>The backup&apos;s passphrase:</source>
        <translation>گذرواژه‌ی نسخه‌ی پشتیبان:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="280"/>
        <source>The backup was restored. The database as it was before is kept in %1. Please log in again.</source>
        <translation>نسخه‌ی پشتیبان بازگردانده شد. پایگاه داده‌ی پیشین در %1 نگه داشته شده است. لطفاً دوباره وارد شوید.</translation>
    </message>
</context>
<context>
    <name>BackupSettingsDialog</name>
    <message>
        <location filename="../../ui/pages/backup.py" line="331"/>
        <source>Backup settings</source>
        <translation>تنظیمات پشتیبان‌گیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="336"/>
        <source>Choose…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="339"/>
        <source>Off</source>
        <translation>خاموش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="341"/>
        <source>Change the passphrase</source>
        <translation>تغییر گذرواژه‌ی پشتیبان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="354"/>
        <location filename="../../ui/pages/backup.py" line="397"/>
        <source>Backup folder</source>
        <translation>پوشه‌ی پشتیبان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="356"/>
        <source>Automatic backup every (hours)</source>
        <translation>پشتیبان‌گیری خودکار هر چند ساعت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="358"/>
        <source>Copies kept</source>
        <translation>تعداد نسخه‌های نگه‌داشته</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="360"/>
        <source>Passphrase (empty: no encryption)</source>
        <translation>گذرواژه (خالی: بدون رمزگذاری)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="362"/>
        <source>Passphrase again</source>
        <translation>تکرار گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="365"/>
        <source>An encrypted backup cannot be restored without its passphrase: write it down and keep it somewhere safe.</source>
        <translation>نسخه‌ی پشتیبان رمزگذاری‌شده بدون گذرواژه‌اش بازگردانده نمی‌شود؛ گذرواژه را یادداشت کنید و در جای امنی نگه دارید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="373"/>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="374"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="405"/>
        <source>The two passphrases differ.</source>
        <translation>دو گذرواژه یکی نیستند.</translation>
    </message>
</context>
<context>
    <name>BoxDialog</name>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="70"/>
        <source>Edit box</source>
        <translation>ویرایش صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="70"/>
        <source>Add box</source>
        <translation>افزودن صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="80"/>
        <source>Choose the unit…</source>
        <translation>واحد را انتخاب کنید…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="86"/>
        <source>In use</source>
        <translation>در حال استفاده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="90"/>
        <source>Code</source>
        <translation>کد صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="91"/>
        <source>Location</source>
        <translation>محل استقرار</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="92"/>
        <source>Unit it stands in</source>
        <translation>واحد محل استقرار</translation>
    </message>
</context>
<context>
    <name>BoxEntryPage</name>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="593"/>
        <source>Box</source>
        <translation>صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="594"/>
        <source>Location</source>
        <translation>محل استقرار</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="596"/>
        <source>Opened on</source>
        <translation>تاریخ بازگشایی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="601"/>
        <source>Forms found</source>
        <translation>فرم‌های یافت‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="607"/>
        <source>Pages</source>
        <translation>صفحه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="584"/>
        <source>Entered</source>
        <translation>واردشده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="584"/>
        <source>Pending</source>
        <translation>در انتظار ورود</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="614"/>
        <source>Minutes</source>
        <translation>صورتجلسه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="516"/>
        <source>Record an opening…</source>
        <translation>ثبت بازگشایی صندوق…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="519"/>
        <source>Import scans…</source>
        <translation>وارد کردن تصاویر اسکن‌شده…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="521"/>
        <source>Scan from the scanner</source>
        <translation>اسکن با اسکنر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="526"/>
        <source>No scanner program (SANE) on this computer: scan with the scanner&apos;s own software and import the folder.</source>
        <translation>برنامه‌ی اسکن (SANE) روی این رایانه نیست؛ با نرم‌افزار خود اسکنر اسکن کنید و پوشه را وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="529"/>
        <source>Enter the pages</source>
        <translation>ورود اطلاعات صفحه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="531"/>
        <source>Show the minutes</source>
        <translation>نمایش صورتجلسه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="533"/>
        <source>Print blank forms…</source>
        <translation>چاپ فرم‌های خام…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="547"/>
        <source>Scans can also be dropped onto this page.</source>
        <translation>تصاویر اسکن‌شده را با کشیدن و رها کردن روی این صفحه نیز می‌توانید وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="549"/>
        <source>Box openings</source>
        <translation>بازگشایی صندوق‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="572"/>
        <source>Then print its blank forms with «Print blank forms…», and once the committee has opened it, record the opening here.</source>
        <translation>سپس فرم‌های خام آن را با «چاپ فرم‌های خام…» چاپ کنید و پس از آنکه کمیسیون صندوق را باز کرد، بازگشایی را در همین صفحه ثبت کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="577"/>
        <source>No box opening has been recorded yet. When the committee has opened a box, press «Record an opening…»; then select the opening and import its scanned forms with «Import scans…».</source>
        <translation>هنوز بازگشایی صندوقی ثبت نشده است. پس از آنکه کمیسیون صندوقی را باز کرد، «ثبت بازگشایی صندوق…» را بزنید؛ سپس سطر بازگشایی را انتخاب کنید و تصویر فرم‌های آن را با «وارد کردن تصاویر اسکن‌شده…» وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="653"/>
        <source>Choose the scanned pages</source>
        <translation>انتخاب صفحه‌های اسکن‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="655"/>
        <source>Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</source>
        <translation>تصاویر اسکن‌شده (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="663"/>
        <location filename="../../ui/pages/box_entry.py" line="682"/>
        <source>Choose the opening the scans belong to first.</source>
        <translation>ابتدا بازگشایی مربوط به این تصاویر را در فهرست انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="704"/>
        <source>%1 pages added.</source>
        <translation>%1 صفحه افزوده شد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="706"/>
        <source>No new page was added; %1 pages were already there.</source>
        <translation>هیچ صفحه‌ی تازه‌ای افزوده نشد؛ %1 صفحه از پیش وجود داشت.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="710"/>
        <source>%1 pages added, %2 already there.</source>
        <translation>%1 صفحه افزوده شد؛ %2 صفحه از پیش وجود داشت.</translation>
    </message>
</context>
<context>
    <name>Boxes</name>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="47"/>
        <source>No complaint box is in use yet. Add one on the «Complaint boxes» page with «Add box…».</source>
        <translation>هنوز صندوق شکایاتی در کار نیست. در صفحه‌ی «صندوق‌های شکایات» با «افزودن صندوق…» صندوقی بیفزایید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="52"/>
        <source>No complaint box is in use yet. The system administrator adds the office&apos;s boxes on the «Complaint boxes» page.</source>
        <translation>هنوز صندوق شکایاتی در کار نیست. مدیر سامانه صندوق‌های دفتر را در صفحه‌ی «صندوق‌های شکایات» می‌افزاید.</translation>
    </message>
</context>
<context>
    <name>BoxesPage</name>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="219"/>
        <source>Print blank forms…</source>
        <translation>چاپ فرم‌های خام…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="225"/>
        <source>Complaint boxes</source>
        <translation>صندوق‌های شکایات</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="226"/>
        <source>Code</source>
        <translation>کد صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="226"/>
        <source>Location</source>
        <translation>محل استقرار</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="226"/>
        <source>Unit</source>
        <translation>واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="226"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="227"/>
        <source>Add box…</source>
        <translation>افزودن صندوق…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="229"/>
        <source>No complaint boxes yet. Press «Add box…» to add the first one; then select it and press «Print blank forms…» to print its forms.</source>
        <translation>هنوز صندوقی تعریف نشده است. با «افزودن صندوق…» نخستین صندوق را بیفزایید؛ سپس آن را انتخاب کنید و با «چاپ فرم‌های خام…» فرم‌هایش را چاپ کنید.</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="122"/>
        <source>Office:</source>
        <translation>اداره:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="123"/>
        <source>Official holiday:</source>
        <translation>تعطیل رسمی:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="124"/>
        <source>Admin&apos;s note:</source>
        <translation>توضیح مدیر:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="127"/>
        <source>Close the office on this day…</source>
        <translation>تعطیل کردن اداره در این روز…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="130"/>
        <source>Open the office on this day</source>
        <translation>باز کردن اداره در این روز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="132"/>
        <source>Undo the correction</source>
        <translation>لغو تغییر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="140"/>
        <source>Thursday is a weekend day</source>
        <translation>پنجشنبه تعطیل است</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="162"/>
        <source>Closed days are red; the days you changed are bold and underlined. Hover over a day to see why it is closed.</source>
        <translation>روزهای تعطیل قرمز و روزهایی که تغییر داده‌اید پررنگ و زیرخط‌دار است. برای دیدن علت تعطیلی، نشانگر را روی روز نگه دارید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="175"/>
        <source>Holidays</source>
        <translation>تعطیلات</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="267"/>
        <source>Open</source>
        <translation>باز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="270"/>
        <source>Closed (%1)</source>
        <translation>تعطیل (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="272"/>
        <source>Closed</source>
        <translation>تعطیل</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="274"/>
        <location filename="../../ui/pages/admin_calendar.py" line="279"/>
        <source>None</source>
        <translation>ندارد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="277"/>
        <source>Changed by the admin, without a note</source>
        <translation>تغییر داده‌شده توسط مدیر، بدون توضیح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="290"/>
        <source>Changes in %1:</source>
        <translation>تغییرات سال %1:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="298"/>
        <source>closed</source>
        <translation>تعطیل</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="298"/>
        <source>open</source>
        <translation>باز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="306"/>
        <source>No changes</source>
        <translation>بدون تغییر</translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="477"/>
        <source>Not now</source>
        <translation>بعداً</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="828"/>
        <source>Response of %1</source>
        <translation>پاسخ %1</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="208"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="236"/>
        <source>This is not a valid date; type it like 1405/09/02.</source>
        <translation>این تاریخ معتبر نیست؛ آن را به شکل ۱۴۰۵/۰۹/۰۲ وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="237"/>
        <source>Enter the date.</source>
        <translation>تاریخ را وارد کنید.</translation>
    </message>
</context>
<context>
    <name>CaseTab</name>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="567"/>
        <location filename="../../ui/pages/complaint_detail.py" line="688"/>
        <source>Unit</source>
        <translation>واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="568"/>
        <source>Referred on</source>
        <translation>تاریخ ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="569"/>
        <source>Due on</source>
        <translation>پایان مهلت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="570"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="571"/>
        <source>Answered on</source>
        <translation>تاریخ پاسخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="572"/>
        <source>Reminders</source>
        <translation>پیگیری‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="574"/>
        <source>Letter number</source>
        <translation>شماره‌ی نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="584"/>
        <source>Refer…</source>
        <translation>ارجاع…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="585"/>
        <source>Pause clock…</source>
        <translation>توقف مهلت…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="586"/>
        <source>Resume clock</source>
        <translation>ادامه‌ی مهلت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="588"/>
        <source>Record response…</source>
        <translation>ثبت پاسخ…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="590"/>
        <source>View scan</source>
        <translation>مشاهده‌ی تصویر پاسخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="592"/>
        <source>Reminder</source>
        <translation>نامه‌ی پیگیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="595"/>
        <source>Escalate to superior</source>
        <translation>تذکر به مقام بالاتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="617"/>
        <source>Referrals</source>
        <translation>ارجاع‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="626"/>
        <source>Number</source>
        <translation>شماره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="627"/>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="628"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="629"/>
        <source>Recipient</source>
        <translation>گیرنده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="630"/>
        <source>Void</source>
        <translation>ابطال‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="638"/>
        <source>View letter</source>
        <translation>مشاهده‌ی نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="640"/>
        <source>Letters</source>
        <translation>نامه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="645"/>
        <source>Closing</source>
        <translation>اختتام رسیدگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="648"/>
        <source>Outcome</source>
        <translation>نتیجه‌ی رسیدگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="649"/>
        <source>Closed on</source>
        <translation>تاریخ اختتام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="650"/>
        <source>Reason</source>
        <translation>علت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="651"/>
        <source>Satisfaction</source>
        <translation>رضایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="663"/>
        <source>Reply and close…</source>
        <translation>پاسخ و مختومه کردن…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="666"/>
        <source>Record satisfaction…</source>
        <translation>ثبت رضایت…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="689"/>
        <source>Measure</source>
        <translation>اقدام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="690"/>
        <source>Official</source>
        <translation>مسئول</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="691"/>
        <source>Decided on</source>
        <translation>تاریخ تصمیم</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="692"/>
        <source>Note</source>
        <translation>توضیح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="697"/>
        <source>Record measure…</source>
        <translation>ثبت اقدام…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="701"/>
        <source>Measures</source>
        <translation>اقدام‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="743"/>
        <source>Paused since %1</source>
        <translation>متوقف از %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="763"/>
        <source>The deadline has passed.</source>
        <translation>مهلت گذشته است.</translation>
    </message>
</context>
<context>
    <name>CategoriesPage</name>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="57"/>
        <source>Name</source>
        <translation>نام موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="57"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="58"/>
        <source>Add category…</source>
        <translation>افزودن موضوع…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="59"/>
        <source>No categories yet. Press «Add category…» to add the first one.</source>
        <translation>هنوز موضوعی تعریف نشده است. با «افزودن موضوع…» نخستین موضوع را بیفزایید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="56"/>
        <source>Categories</source>
        <translation>موضوع‌ها (شاخص‌ها)</translation>
    </message>
</context>
<context>
    <name>CategoryDialog</name>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="27"/>
        <source>Edit category</source>
        <translation>ویرایش موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="27"/>
        <source>Add category</source>
        <translation>افزودن موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="29"/>
        <source>Active (offered when registering)</source>
        <translation>فعال (در فرم ثبت شکایت قابل انتخاب است)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_categories.py" line="33"/>
        <source>Name</source>
        <translation>نام موضوع</translation>
    </message>
</context>
<context>
    <name>CentralDialog</name>
    <message>
        <location filename="../../ui/pages/reports.py" line="248"/>
        <source>Reports on the central database</source>
        <translation>گزارش از پایگاه مرکزی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="251"/>
        <source>central.db or postgresql://user@server/dadras</source>
        <translation>central.db یا postgresql://user@server/dadras</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="254"/>
        <source>Choose a file…</source>
        <translation>انتخاب فایل…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="266"/>
        <source>The central database is read once into a snapshot; its reports compare the offices. Complainants&apos; names are not read.</source>
        <translation>پایگاه داده‌ی مرکزی یک بار خوانده و رونوشتی از آن ساخته می‌شود؛ گزارش‌های آن دفترها را با هم مقایسه می‌کند. نام شاکیان خوانده نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="279"/>
        <source>The central database</source>
        <translation>پایگاه داده‌ی مرکزی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="281"/>
        <source>Databases (*.db *.sqlite3);;All files (*)</source>
        <translation>پایگاه داده (*.db *.sqlite3);;همه‌ی فایل‌ها (*)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="288"/>
        <source>Enter where the central database is.</source>
        <translation>نشانی پایگاه داده‌ی مرکزی را وارد کنید.</translation>
    </message>
</context>
<context>
    <name>CloseDayDialog</name>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="60"/>
        <location filename="../../ui/pages/admin_calendar.py" line="70"/>
        <source>Close the office</source>
        <translation>تعطیل کردن اداره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="65"/>
        <source>For example: air pollution</source>
        <translation>مثلاً: آلودگی هوا</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="67"/>
        <source>Day</source>
        <translation>روز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="68"/>
        <source>Reason</source>
        <translation>علت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="73"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="617"/>
        <source>Reply and close</source>
        <translation>پاسخ و مختومه کردن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="619"/>
        <source>Choose the outcome</source>
        <translation>نتیجه‌ی رسیدگی را انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="623"/>
        <source>Issue the reply letter</source>
        <translation>صدور نامه‌ی پاسخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="626"/>
        <source>Outcome</source>
        <translation>نتیجه‌ی رسیدگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="628"/>
        <source>Reason (not admissible)</source>
        <translation>علت (غیرقابل رسیدگی)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="631"/>
        <source>Reply to the complainant</source>
        <translation>پاسخ به شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="637"/>
        <source>Close the complaint</source>
        <translation>مختومه کردن شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="646"/>
        <source>Anonymous complaint: a reply slip is printed instead of a letter. Hand it over only to whoever shows the tracking code.</source>
        <translation>شکایت بی‌نام: به‌جای نامه، برگه‌ی پاسخ چاپ می‌شود. آن را تنها به کسی تحویل دهید که کد رهگیری را ارائه کند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="653"/>
        <source>%1 open referral(s) will be cancelled.</source>
        <translation>%1 ارجاع باز لغو خواهد شد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="666"/>
        <source>Choose the outcome.</source>
        <translation>نتیجه‌ی رسیدگی را انتخاب کنید.</translation>
    </message>
</context>
<context>
    <name>ComplaintDetailDialog</name>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="110"/>
        <source>Complaint registered</source>
        <translation>ثبت شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="113"/>
        <source>User created</source>
        <translation>تعریف کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="114"/>
        <source>User changed</source>
        <translation>ویرایش کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="115"/>
        <source>Password reset</source>
        <translation>بازنشانی گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="116"/>
        <source>Unit created</source>
        <translation>تعریف واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="117"/>
        <source>Unit changed</source>
        <translation>ویرایش واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="118"/>
        <source>Category created</source>
        <translation>تعریف موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="119"/>
        <source>Category changed</source>
        <translation>ویرایش موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="120"/>
        <source>Office set up</source>
        <translation>راه‌اندازی دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="121"/>
        <source>Setting changed</source>
        <translation>تغییر تنظیمات</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="122"/>
        <source>Logged in</source>
        <translation>ورود به سامانه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="123"/>
        <source>Failed login attempt</source>
        <translation>تلاش ناموفق برای ورود</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="177"/>
        <source>Complaint %1</source>
        <translation>شکایت %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="199"/>
        <location filename="../../ui/pages/complaint_detail.py" line="397"/>
        <source>Details</source>
        <translation>جزئیات</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="395"/>
        <source>By</source>
        <translation>انجام‌دهنده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="419"/>
        <source>Measures (%1)</source>
        <translation>اقدام‌ها (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="423"/>
        <source>History (%1)</source>
        <translation>تاریخچه (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="210"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="124"/>
        <source>Referred to a unit</source>
        <translation>ارجاع به واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="125"/>
        <source>Referral clock paused</source>
        <translation>توقف مهلت ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="128"/>
        <source>Referral clock resumed</source>
        <translation>ادامه‌ی مهلت ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="131"/>
        <source>Unit&apos;s response recorded</source>
        <translation>ثبت پاسخ واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="134"/>
        <source>Reminder sent</source>
        <translation>ارسال نامه‌ی پیگیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="135"/>
        <source>Referral cancelled</source>
        <translation>لغو ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="138"/>
        <source>Status changed</source>
        <translation>تغییر وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="139"/>
        <source>Complaint closed</source>
        <translation>مختومه شدن شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="140"/>
        <source>Satisfaction recorded</source>
        <translation>ثبت رضایت شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="143"/>
        <source>Measure recorded</source>
        <translation>ثبت اقدام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="144"/>
        <source>Letter issued</source>
        <translation>صدور نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="145"/>
        <source>Letter voided</source>
        <translation>ابطال نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="204"/>
        <source>Referrals and letters</source>
        <translation>ارجاع‌ها و نامه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="216"/>
        <source>Print receipt…</source>
        <translation>چاپ رسید…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="221"/>
        <source>Save receipt as PDF…</source>
        <translation>ذخیره‌ی رسید به‌صورت PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="266"/>
        <location filename="../../ui/pages/complaint_detail.py" line="304"/>
        <source>Scanned form</source>
        <translation>تصویر اسکن‌شده‌ی فرم</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="290"/>
        <source>Open the scanned page</source>
        <translation>باز کردن صفحه‌ی اسکن‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="323"/>
        <source>Complaint</source>
        <translation>مشخصات شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="325"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="326"/>
        <source>Received through</source>
        <translation>شیوه‌ی دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="329"/>
        <source>Central&apos;s reference</source>
        <translation>شماره‌ی مرجع در مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="330"/>
        <source>Received on</source>
        <translation>تاریخ دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="331"/>
        <source>Unit complained about</source>
        <translation>واحد مورد شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="332"/>
        <source>Category</source>
        <translation>موضوع (شاخص)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="333"/>
        <source>Subject</source>
        <translation>عنوان شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="343"/>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="348"/>
        <source>Complainant</source>
        <translation>مشخصات شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="350"/>
        <source>Identity</source>
        <translation>هویت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="354"/>
        <source>This complainant asked for confidentiality; the identity is shown only to inspectors and managers.</source>
        <translation>شاکی درخواست محرمانه ماندن هویت خود را داشته است؛ هویت او تنها برای بازرسان و مدیران نمایش داده می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="358"/>
        <source>Anonymous complaint: no identity was recorded.</source>
        <translation>شکایت بی‌نام: هیچ اطلاعات هویتی ثبت نشده است.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="364"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="365"/>
        <source>National code</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="366"/>
        <source>Mobile</source>
        <translation>شماره‌ی همراه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="367"/>
        <source>County</source>
        <translation>شهرستان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="368"/>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="373"/>
        <source>Record</source>
        <translation>اطلاعات ثبت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="375"/>
        <source>Registered by</source>
        <translation>ثبت‌کننده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="377"/>
        <source>Registered at</source>
        <translation>زمان ثبت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="380"/>
        <source>Last changed</source>
        <translation>آخرین تغییر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="384"/>
        <source>Version</source>
        <translation>نسخه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="385"/>
        <source>Record identifier</source>
        <translation>شناسه‌ی یکتا</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="394"/>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="396"/>
        <source>Action</source>
        <translation>اقدام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="389"/>
        <source>System</source>
        <translation>سامانه</translation>
    </message>
</context>
<context>
    <name>ComplaintsModel</name>
    <message>
        <location filename="../../ui/pages/complaints.py" line="85"/>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="86"/>
        <source>Received on</source>
        <translation>تاریخ دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="87"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="88"/>
        <source>Complainant</source>
        <translation>شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="89"/>
        <source>Unit</source>
        <translation>واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="90"/>
        <source>Category</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="91"/>
        <source>Subject</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="92"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="215"/>
        <source>Anonymous</source>
        <translation>بی‌نام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="217"/>
        <source>Confidential</source>
        <translation>محرمانه</translation>
    </message>
</context>
<context>
    <name>ComplaintsPage</name>
    <message>
        <location filename="../../ui/pages/complaints.py" line="261"/>
        <source>Tracking code, national code, mobile, form number, name or words</source>
        <translation>کد رهگیری، کد ملی، شماره‌ی همراه، شماره‌ی فرم، نام یا بخشی از متن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="365"/>
        <source>Counting…</source>
        <translation>در حال شمارش…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="376"/>
        <source>No complaints found</source>
        <translation>شکایتی یافت نشد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="377"/>
        <source>%1 complaints found</source>
        <translation>%1 شکایت یافت شد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="383"/>
        <source>No complaint matches this search. Check the tracking code or the spelling, or search by another detail: national code, mobile, form number or name.</source>
        <translation>شکایتی با این جستجو یافت نشد. کد رهگیری یا املای واژه‌ها را بررسی کنید، یا با مشخصه‌ی دیگری جستجو کنید: کد ملی، شماره‌ی همراه، شماره‌ی فرم یا نام.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="389"/>
        <source>No complaint has been registered in this office yet. Register the first one on the «Register complaint» page (%1).</source>
        <translation>هنوز شکایتی در این دفتر ثبت نشده است. نخستین شکایت را در صفحه‌ی «ثبت شکایت» (%1) ثبت کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="394"/>
        <source>The forms from the complaint boxes are entered on the «Box openings» page.</source>
        <translation>فرم‌های صندوق‌های شکایات در صفحه‌ی «بازگشایی صندوق‌ها» وارد می‌شوند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="398"/>
        <source>No complaint has been registered in this office yet. Complaints appear here as soon as the front desk registers them.</source>
        <translation>هنوز شکایتی در این دفتر ثبت نشده است. هر شکایت همین که در پذیرش ثبت شود، این‌جا نمایش داده می‌شود.</translation>
    </message>
</context>
<context>
    <name>CopyList</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="269"/>
        <source>Add a copy recipient</source>
        <translation>افزودن گیرنده‌ی رونوشت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="286"/>
        <source>Recipient</source>
        <translation>گیرنده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="292"/>
        <source>Remove this recipient</source>
        <translation>حذف این گیرنده</translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message>
        <location filename="../../ui/pages/reports.py" line="204"/>
        <source>%1 complaints</source>
        <translation>%1 شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="206"/>
        <source>Save as…</source>
        <translation>ذخیره به‌صورت…</translation>
    </message>
</context>
<context>
    <name>EditableList</name>
    <message>
        <location filename="../../ui/wizard.py" line="237"/>
        <source>Add</source>
        <translation>افزودن</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="239"/>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="293"/>
        <source>This name is too long: %1</source>
        <translation>این نام بیش از اندازه طولانی است: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="296"/>
        <source>This name is in the list twice: %1</source>
        <translation>این نام دو بار در فهرست آمده است: %1</translation>
    </message>
</context>
<context>
    <name>EntryWindow</name>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="197"/>
        <source>Entering the forms of a box</source>
        <translation>ورود اطلاعات فرم‌های صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="216"/>
        <source>Skip (come back later)</source>
        <translation>بعداً وارد می‌کنم</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="246"/>
        <source>Blank page</source>
        <translation>صفحه‌ی سفید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="247"/>
        <source>Back side</source>
        <translation>پشت برگه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="248"/>
        <source>Not admissible</source>
        <translation>غیرقابل رسیدگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="249"/>
        <source>Duplicate</source>
        <translation>تکراری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="281"/>
        <source>Every page of this opening has been dealt with.</source>
        <translation>همه‌ی صفحه‌های این بازگشایی تعیین تکلیف شده‌اند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="288"/>
        <source>Scanned file: %1, page %2</source>
        <translation>پرونده‌ی اسکن‌شده: %1، صفحه‌ی %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="297"/>
        <source>Page %1 of %2</source>
        <translation>صفحه‌ی %1 از %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="300"/>
        <source>form %1, box %2</source>
        <translation>فرم شماره‌ی %1، صندوق %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="308"/>
        <source>This form&apos;s serial is already on another page %1.</source>
        <translation>شماره‌ی این فرم پیش‌تر روی صفحه‌ی دیگری آمده است %1.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="319"/>
        <source>Entered %1, pending %2, set aside %3</source>
        <translation>واردشده: %1، در انتظار ورود: %2، کنارگذاشته: %3</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="99"/>
        <source>Dadras</source>
        <translation>دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="101"/>
        <source>OK</source>
        <translation>تأیید</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="114"/>
        <source>Something went wrong that Dadras did not expect. The last action was not completed and your saved data is safe.

Please save or copy the report and send it to your support contact.</source>
        <translation>خطایی پیش‌بینی‌نشده در دادرس رخ داد. آخرین عملیات انجام نشد و اطلاعات ذخیره‌شده‌ی شما سالم است.

لطفاً گزارش را ذخیره یا رونوشت کنید و برای پشتیبانی بفرستید.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="122"/>
        <source>The details are also in the log file: %1</source>
        <translation>جزئیات در پرونده‌ی گزارش رویدادها هم آمده است: %1</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="128"/>
        <source>Unexpected error</source>
        <translation>خطای پیش‌بینی‌نشده</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="134"/>
        <source>Save report…</source>
        <translation>ذخیره‌ی گزارش…</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="158"/>
        <source>Save the error report</source>
        <translation>ذخیره‌ی گزارش خطا</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="160"/>
        <source>Text files (*.txt)</source>
        <translation>پرونده‌های متنی (*.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="177"/>
        <source>The file %1 could not be written.</source>
        <translation>پرونده‌ی %1 نوشته نشد.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="137"/>
        <source>Copy report</source>
        <translation>کپی گزارش</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="140"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>FileDialog</name>
    <message>
        <location filename="../../ui/widgets/file_dialog.py" line="102"/>
        <source>Drive</source>
        <translation>درایو</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/file_dialog.py" line="104"/>
        <source>Folder</source>
        <translation>پوشه</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/file_dialog.py" line="106"/>
        <source>%1 file</source>
        <translation>پرونده‌ی %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/file_dialog.py" line="108"/>
        <source>File</source>
        <translation>پرونده</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <location filename="../../ui/guide.py" line="74"/>
        <source>Dadras user guide</source>
        <translation>راهنمای کاربری دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="81"/>
        <source>Back</source>
        <translation>بازگشت</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="84"/>
        <source>Contents</source>
        <translation>فهرست</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="104"/>
        <source>The user guide was not found. Reinstalling Dadras brings it back.</source>
        <translation>راهنمای کاربری پیدا نشد. با نصب دوباره‌ی دادرس بازمی‌گردد.</translation>
    </message>
</context>
<context>
    <name>ImageDialog</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="806"/>
        <source>The scanned image could not be shown.</source>
        <translation>تصویر اسکن‌شده نمایش داده نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="815"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>ImportTask</name>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="153"/>
        <source>Importing scans…</source>
        <translation>در حال وارد کردن تصاویر اسکن‌شده…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="154"/>
        <source>Stop</source>
        <translation>توقف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="167"/>
        <source>Importing %1 (page %2)</source>
        <translation>در حال وارد کردن %1 (صفحه‌ی %2)</translation>
    </message>
</context>
<context>
    <name>JalaliDateEdit</name>
    <message>
        <location filename="../../ui/widgets/jalali_date.py" line="190"/>
        <source>Choose from the calendar (Alt+Down)</source>
        <translation>انتخاب از تقویم (Alt+↓)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/jalali_date.py" line="263"/>
        <source>e.g. %1</source>
        <translation>مثلاً %1</translation>
    </message>
</context>
<context>
    <name>KeyChangeDialog</name>
    <message>
        <location filename="../../ui/pages/sync.py" line="456"/>
        <source>Set the central key</source>
        <translation>تعیین کلید سامانه‌ی مرکزی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="458"/>
        <source>This office will encrypt its packages to this key. Whoever holds its private half can read every package the office sends, so the office&apos;s manager sets it and a second person (another manager or the administrator) confirms, each with their own password. First compare its fingerprint with central&apos;s by phone: %1</source>
        <translation>این دفتر بسته‌هایش را با این کلید رمز می‌کند. هر کس نیمه‌ی خصوصی آن را داشته باشد همه‌ی بسته‌هایی را که این دفتر می‌فرستد می‌خواند؛ از این رو مدیر دفتر آن را تعیین می‌کند و شخص دومی (مدیر دیگر یا مدیر سامانه) تأیید می‌کند، هر یک با گذرواژه‌ی خود. نخست اثر انگشت آن را تلفنی با مرکز تطبیق دهید: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="465"/>
        <source>Change the central key</source>
        <translation>تغییر کلید سامانه‌ی مرکزی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="467"/>
        <source>A different central key replaces the one in use. Whoever holds its private half can read every package this office sends, so the office&apos;s manager changes it and a second person (another manager or the administrator) confirms, each with their own password. New fingerprint: %1</source>
        <translation>کلید مرکزی تازه جای کلید کنونی را می‌گیرد. هر کس نیمه‌ی خصوصی آن را داشته باشد همه‌ی بسته‌هایی را که این دفتر می‌فرستد می‌خواند؛ از این رو مدیر دفتر آن را تغییر می‌دهد و شخص دومی (مدیر دیگر یا مدیر سامانه) تأیید می‌کند، هر یک با گذرواژه‌ی خود. اثر انگشت کلید تازه: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="482"/>
        <source>Manager&apos;s user name</source>
        <translation>نام کاربری مدیر دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="483"/>
        <source>Manager&apos;s password</source>
        <translation>گذرواژه‌ی مدیر دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="485"/>
        <source>Second person&apos;s user name</source>
        <translation>نام کاربری تأییدکننده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="487"/>
        <source>Second person&apos;s password</source>
        <translation>گذرواژه‌ی تأییدکننده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="491"/>
        <source>Change the key</source>
        <translation>تغییر کلید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="491"/>
        <source>Set the key</source>
        <translation>تعیین کلید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="495"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>LetterheadSection</name>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="107"/>
        <source>Address and telephone of the office</source>
        <translation>نشانی و تلفن دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="117"/>
        <source>Choose logo…</source>
        <translation>انتخاب نشان…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="118"/>
        <source>Remove logo</source>
        <translation>حذف نشان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="119"/>
        <source>Save letterhead</source>
        <translation>ذخیره‌ی سربرگ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="139"/>
        <source>Office name as printed</source>
        <translation>نام دفتر در سربرگ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="140"/>
        <source>Signer&apos;s name</source>
        <translation>نام امضاکننده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="141"/>
        <source>Signer&apos;s title</source>
        <translation>سمت امضاکننده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="142"/>
        <source>Footer line</source>
        <translation>سطر پانویس</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="144"/>
        <source>Logo</source>
        <translation>نشان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="146"/>
        <source>The logo (PNG or JPEG, up to 2 MB) is stored as soon as you choose it.</source>
        <translation>نشان (PNG یا JPEG، حداکثر ۲ مگابایت) به‌محض انتخاب ذخیره می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="180"/>
        <source>Printed as: %1</source>
        <translation>چاپ در نامه‌ها: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="198"/>
        <source>No logo</source>
        <translation>بدون نشان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="230"/>
        <source>The letterhead is saved.</source>
        <translation>سربرگ ذخیره شد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="235"/>
        <source>Choose the logo</source>
        <translation>انتخاب نشان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="235"/>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>تصویرها (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="247"/>
        <source>The file could not be read: %1</source>
        <translation>فایل خوانده نشد: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="251"/>
        <source>The image is damaged and cannot be shown.</source>
        <translation>تصویر آسیب دیده است و نمایش داده نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="267"/>
        <source>The logo is saved.</source>
        <translation>نشان ذخیره شد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="267"/>
        <source>The logo is removed.</source>
        <translation>نشان حذف شد.</translation>
    </message>
</context>
<context>
    <name>LettersSettingsPage</name>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="720"/>
        <source>Letterhead</source>
        <translation>سربرگ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="721"/>
        <source>Numbering and deadlines</source>
        <translation>شماره‌گذاری و مهلت‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="722"/>
        <source>Templates</source>
        <translation>الگوها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="724"/>
        <source>Letters</source>
        <translation>تنظیمات نامه‌ها</translation>
    </message>
</context>
<context>
    <name>ListsPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="309"/>
        <source>Units and categories</source>
        <translation>واحدها و موضوع‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="312"/>
        <source>Edit the starting lists: double-click a name to change it. The administrator can change them later.</source>
        <translation>فهرست‌های آغازین را ویرایش کنید: برای تغییر هر نام، روی آن دو بار کلیک کنید. مدیر سامانه بعداً هم می‌تواند آن‌ها را تغییر دهد.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="316"/>
        <source>Units</source>
        <translation>واحدها</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="317"/>
        <source>Categories</source>
        <translation>موضوع‌ها (شاخص‌ها)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="331"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="335"/>
        <source>Fixed kinds of case: %1</source>
        <translation>انواع ثابت (غیرقابل ویرایش): %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="337"/>
        <source>Fixed channels: %1</source>
        <translation>شیوه‌های ثابت دریافت (غیرقابل ویرایش): %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="56"/>
        <source>Log in to Dadras</source>
        <translation>ورود به دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="69"/>
        <source>The keyboard is on Persian.</source>
        <translation>صفحه‌کلید روی فارسی است.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="105"/>
        <source>Log in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="109"/>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="118"/>
        <source>Username</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="120"/>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="170"/>
        <source>Enter your username and password.</source>
        <translation>نام کاربری و گذرواژه‌ی خود را وارد کنید.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="141"/>
        <source>Dadras — %1</source>
        <translation>دادرس — %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>Register complaint</source>
        <translation>ثبت شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>Complaints</source>
        <translation>شکایت‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168"/>
        <source>Box openings</source>
        <translation>بازگشایی صندوق‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>Referrals</source>
        <translation>ارجاع‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>Secretariat</source>
        <translation>دبیرخانه</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="186"/>
        <source>Send to central</source>
        <translation>ارسال به مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>Users</source>
        <translation>کاربران</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>Reports</source>
        <translation>گزارش‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178"/>
        <source>Units</source>
        <translation>واحدها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Complaint boxes</source>
        <translation>صندوق‌های شکایات</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>Categories</source>
        <translation>موضوع‌ها (شاخص‌ها)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183"/>
        <source>Holidays</source>
        <translation>تعطیلات</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>Letters</source>
        <translation>تنظیمات نامه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>Backups</source>
        <translation>پشتیبان‌گیری</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="219"/>
        <source>&amp;File</source>
        <translation>&amp;فایل</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220"/>
        <source>Log &amp;out</source>
        <translation>خروج از &amp;حساب</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="221"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="225"/>
        <source>&amp;Pages</source>
        <translation>&amp;صفحه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227"/>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228"/>
        <source>&amp;User guide</source>
        <translation>&amp;راهنمای کاربری</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <source>&amp;About Dadras</source>
        <translation>&amp;درباره‌ی دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="294"/>
        <source>Automatic backup written.</source>
        <translation>پشتیبان‌گیری خودکار انجام شد.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="299"/>
        <source>Automatic backup failed: %1</source>
        <translation>پشتیبان‌گیری خودکار انجام نشد: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310"/>
        <source>%1 (and %2 more)</source>
        <translation>%1 (و %2 یادآوری دیگر)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="320"/>
        <source>Scheduled export: package %1 written.</source>
        <translation>ارسال زمان‌بندی‌شده: بسته‌ی %1 نوشته شد.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="402"/>
        <source>This page is not available in this version.</source>
        <translation>این صفحه در این نسخه در دسترس نیست.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="437"/>
        <source>About Dadras</source>
        <translation>درباره‌ی دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="442"/>
        <source>Dadras %1
Complaint handling for inspection offices.

Database: %2 (%3)
Data folder: %4</source>
        <translation>دادرس %1
سامانه‌ی رسیدگی به شکایات دفترهای بازرسی.

پایگاه داده: %2 (%3)
پوشه‌ی داده‌ها: %4</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="458"/>
        <source>PostgreSQL, the office server, shared by several computers</source>
        <translation>PostgreSQL، سرور دفتر که چند رایانه با هم از آن استفاده می‌کنند</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="459"/>
        <source>SQLite, on this computer</source>
        <translation>SQLite، روی همین رایانه</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="451"/>
        <source>OK</source>
        <translation>تأیید</translation>
    </message>
</context>
<context>
    <name>MeasureDialog</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="733"/>
        <source>Record a measure</source>
        <translation>ثبت اقدام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="737"/>
        <location filename="../../ui/pages/case_actions.py" line="739"/>
        <source>Optional</source>
        <translation>اختیاری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="742"/>
        <source>Unit</source>
        <translation>واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="743"/>
        <source>Measure</source>
        <translation>اقدام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="744"/>
        <source>Official&apos;s name</source>
        <translation>نام مسئول</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="746"/>
        <source>Official&apos;s title</source>
        <translation>سمت مسئول</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="748"/>
        <source>Note</source>
        <translation>توضیح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="749"/>
        <source>Decided on</source>
        <translation>تاریخ تصمیم</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="750"/>
        <source>Save</source>
        <translation>ثبت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="772"/>
        <source>Choose the unit.</source>
        <translation>واحد را انتخاب کنید.</translation>
    </message>
</context>
<context>
    <name>NumberingSection</name>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="280"/>
        <source>In the pattern, %1 is the letter&apos;s sequence number in the year (the pattern must have it), %2 the office code, %3 the Jalali year and %4 its last two digits. Numbering starts again from 1 each year.</source>
        <translation>در الگو، %1 شماره‌ی ترتیبی نامه در سال است و الگو باید آن را داشته باشد؛ %2 کد دفتر، %3 سال شمسی و %4 دو رقم آخر سال است. شماره‌گذاری هر سال از ۱ آغاز می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="312"/>
        <source> working days</source>
        <translation> روز کاری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="316"/>
        <source>Save numbering and deadline</source>
        <translation>ذخیره‌ی شماره‌گذاری و مهلت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="326"/>
        <source>Letter number pattern</source>
        <translation>قالب شماره‌ی نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="327"/>
        <source>Example</source>
        <translation>نمونه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="333"/>
        <source>Default referral deadline</source>
        <translation>مهلت پیش‌فرض ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="397"/>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <location filename="../../ui/wizard.py" line="73"/>
        <source>The office</source>
        <translation>مشخصات دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="74"/>
        <source>The office&apos;s name and code appear on letters and receipts.</source>
        <translation>نام و کد دفتر در نامه‌ها و رسیدها درج می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="83"/>
        <source>Choose the province</source>
        <translation>استان را انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="89"/>
        <source>Office name</source>
        <translation>نام دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="90"/>
        <source>Office code (1–9999)</source>
        <translation>کد دفتر (۱ تا ۹۹۹۹)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="91"/>
        <source>Province</source>
        <translation>استان</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="92"/>
        <source>County</source>
        <translation>شهرستان</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="93"/>
        <source>Phone (optional)</source>
        <translation>تلفن (اختیاری)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="97"/>
        <source>Moving an existing office to this computer? Restore it from its backup.</source>
        <translation>دفتری را از رایانه‌ی دیگری به این رایانه می‌آورید؟ آن را از نسخه‌ی پشتیبانش بازگردانید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="100"/>
        <source>Restore an office from a backup…</source>
        <translation>بازگردانی دفتر از نسخه‌ی پشتیبان…</translation>
    </message>
</context>
<context>
    <name>OpeningDialog</name>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="361"/>
        <source>Record a box opening</source>
        <translation>ثبت بازگشایی صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="378"/>
        <source>What the committee saw: the seal, the lock, anything unusual.</source>
        <translation>آنچه کمیسیون دید: پلمب، قفل، و هر مورد غیرعادی.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="385"/>
        <source>Add a member</source>
        <translation>افزودن عضو</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="389"/>
        <source>Box</source>
        <translation>صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="394"/>
        <source>at</source>
        <translation>ساعت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="399"/>
        <source>Opened on</source>
        <translation>تاریخ بازگشایی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="405"/>
        <source>Committee (name and title)</source>
        <translation>اعضای کمیسیون (نام و سمت)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="406"/>
        <source>Forms found</source>
        <translation>تعداد فرم‌های یافت‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="407"/>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="410"/>
        <source>Its openings can then be recorded here.</source>
        <translation>پس از آن، بازگشایی‌های آن در همین‌جا ثبت می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="418"/>
        <source>Record and print the minutes</source>
        <translation>ثبت و چاپ صورتجلسه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="424"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="424"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="447"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/box_entry.py" line="448"/>
        <source>Title</source>
        <translation>سمت</translation>
    </message>
</context>
<context>
    <name>OverdueTab</name>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="277"/>
        <source>No referral is past its deadline. A referral whose unit has not answered by its deadline appears here, the latest first, to be followed up with «Send reminder».</source>
        <translation>هیچ ارجاعی از مهلتش نگذشته است. ارجاعی که واحد تا پایان مهلت به آن پاسخ ندهد، این‌جا نمایش داده می‌شود، دیرکردترین در بالا، تا با «ارسال نامه‌ی پیگیری» پیگیری شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="299"/>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="300"/>
        <source>Subject</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="301"/>
        <source>Unit</source>
        <translation>واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="303"/>
        <source>Referred on</source>
        <translation>تاریخ ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="305"/>
        <source>Due on</source>
        <translation>پایان مهلت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="307"/>
        <source>Working days late</source>
        <translation>دیرکرد (روز کاری)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="310"/>
        <source>Reminders</source>
        <translation>پیگیری‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="313"/>
        <source>Last reminder</source>
        <translation>آخرین پیگیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="326"/>
        <source>Send reminder</source>
        <translation>ارسال نامه‌ی پیگیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="327"/>
        <source>Escalate to superior</source>
        <translation>تذکر به مقام بالاتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="329"/>
        <source>Open complaint</source>
        <translation>باز کردن شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="331"/>
        <source>Refresh</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="332"/>
        <source>Issue a numbered reminder letter to the unit</source>
        <translation>صدور نامه‌ی پیگیری شماره‌دار برای واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="334"/>
        <source>Issue a numbered letter to the unit&apos;s superior, copied to the unit</source>
        <translation>صدور نامه‌ی شماره‌دار برای واحد بالادست، با رونوشت به واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="337"/>
        <source>Only a manager can issue letters.</source>
        <translation>تنها مدیر می‌تواند نامه صادر کند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="356"/>
        <source>1 to 3 working days late</source>
        <translation>۱ تا ۳ روز کاری دیرکرد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="357"/>
        <source>4 to 10 working days late</source>
        <translation>۴ تا ۱۰ روز کاری دیرکرد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="358"/>
        <source>More than 10 working days late</source>
        <translation>بیش از ۱۰ روز کاری دیرکرد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="364"/>
        <source>Colours:</source>
        <translation>رنگ‌ها:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="411"/>
        <source>%1 overdue referrals</source>
        <translation>%1 ارجاع گذشته از مهلت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="413"/>
        <source>No overdue referrals</source>
        <translation>ارجاع گذشته از مهلت وجود ندارد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="453"/>
        <source>Issuing the letter…</source>
        <translation>در حال صدور نامه…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="468"/>
        <source>Letter %1 to %2 was issued.</source>
        <translation>نامه‌ی %1 خطاب به %2 صادر شد.</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <location filename="../../ui/widgets/page_viewer.py" line="471"/>
        <source>Zoom; click for the actual size (100 %)</source>
        <translation>بزرگ‌نمایی؛ برای نمایش در اندازه‌ی واقعی (۱۰۰٪) کلیک کنید</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/page_viewer.py" line="513"/>
        <source>Fit the whole page</source>
        <translation>نمایش کامل صفحه</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/page_viewer.py" line="514"/>
        <source>Fit the page width</source>
        <translation>هم‌عرض پنجره</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/page_viewer.py" line="515"/>
        <source>Zoom out</source>
        <translation>کوچک‌نمایی</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/page_viewer.py" line="516"/>
        <source>Zoom in</source>
        <translation>بزرگ‌نمایی</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/page_viewer.py" line="517"/>
        <source>Rotate left</source>
        <translation>چرخش به چپ</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/page_viewer.py" line="518"/>
        <source>Rotate right</source>
        <translation>چرخش به راست</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/page_viewer.py" line="544"/>
        <source>This page cannot be shown: the file is damaged or is not an image.</source>
        <translation>این صفحه نمایش داده نمی‌شود: فایل آسیب دیده است یا تصویر نیست.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="96"/>
        <source>Reset password</source>
        <translation>بازنشانی گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="98"/>
        <source>New password for %1</source>
        <translation>گذرواژه‌ی جدید برای %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="105"/>
        <source>New password</source>
        <translation>گذرواژه‌ی جدید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="106"/>
        <source>Repeat the password</source>
        <translation>تکرار گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="116"/>
        <source>The two passwords are not the same.</source>
        <translation>دو گذرواژه‌ی واردشده یکسان نیستند.</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="490"/>
        <source>Pause the referral clock</source>
        <translation>توقف مهلت ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="493"/>
        <source>e.g. waiting for documents from the complainant</source>
        <translation>مثلاً: در انتظار مدارک از شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="496"/>
        <source>The deadlines of all open referrals stop until resumed.</source>
        <translation>مهلت همه‌ی ارجاع‌های باز تا ادامه‌ی مهلت متوقف می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="498"/>
        <source>Reason</source>
        <translation>علت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="499"/>
        <source>Pause</source>
        <translation>توقف</translation>
    </message>
</context>
<context>
    <name>PrintFormsDialog</name>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="122"/>
        <source>Blank forms for box %1</source>
        <translation>فرم‌های خام صندوق %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="123"/>
        <source>Blank forms</source>
        <translation>فرم‌های خام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="134"/>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="135"/>
        <source>A5</source>
        <translation>A5</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="139"/>
        <source>Box</source>
        <translation>صندوق</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="140"/>
        <source>Number of forms</source>
        <translation>تعداد فرم‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="141"/>
        <source>Paper</source>
        <translation>اندازه‌ی کاغذ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="144"/>
        <source>Its blank forms can then be printed here.</source>
        <translation>پس از آن، فرم‌های خام آن در همین‌جا چاپ می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="150"/>
        <source>Make the forms</source>
        <translation>تهیه‌ی فرم‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="156"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="156"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_boxes.py" line="203"/>
        <source>Blank forms for box %1 from serial %2</source>
        <translation>فرم‌های خام صندوق %1 از شماره‌ی %2</translation>
    </message>
</context>
<context>
    <name>PrintQueueTab</name>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="552"/>
        <source>Number</source>
        <translation>شماره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="553"/>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="554"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="555"/>
        <source>Recipient</source>
        <translation>گیرنده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="556"/>
        <source>Subject</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="518"/>
        <source>Print all…</source>
        <translation>چاپ همه…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="519"/>
        <source>Save all as one PDF…</source>
        <translation>ذخیره‌ی همه در یک فایل PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="520"/>
        <source>Preview letter</source>
        <translation>پیش‌نمایش نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="521"/>
        <source>Refresh</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="531"/>
        <source>No letter is waiting to be printed. Letters issued without being printed (referrals, reminders, replies) wait here to be printed together.</source>
        <translation>نامه‌ای در انتظار چاپ نیست. نامه‌هایی که صادر شده اما چاپ نشده‌اند (ارجاع، پیگیری، پاسخ) این‌جا می‌مانند تا با هم چاپ شوند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="586"/>
        <source>%1 letters waiting to be printed</source>
        <translation>%1 نامه در انتظار چاپ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="590"/>
        <source>No letters waiting to be printed</source>
        <translation>نامه‌ای در انتظار چاپ نیست</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="632"/>
        <location filename="../../ui/pages/referrals_queue.py" line="711"/>
        <source>No letters are waiting to be printed.</source>
        <translation>هیچ نامه‌ای در انتظار چاپ نیست.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="637"/>
        <source>Print letters</source>
        <translation>چاپ نامه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="676"/>
        <source>Printing letter %1 of %2…</source>
        <translation>در حال چاپ نامه‌ی %1 از %2…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="683"/>
        <source>Printing letters…</source>
        <translation>در حال چاپ نامه‌ها…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="684"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="686"/>
        <source>Printing letters</source>
        <translation>چاپ نامه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="714"/>
        <source>letters</source>
        <translation>نامه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="716"/>
        <source>Save letters as one PDF</source>
        <translation>ذخیره‌ی نامه‌ها در یک فایل PDF</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="716"/>
        <source>PDF files (*.pdf)</source>
        <translation>فایل‌های PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="736"/>
        <source>Saving letters…</source>
        <translation>ذخیره‌ی نامه‌ها…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="736"/>
        <source>Saving letters</source>
        <translation>ذخیره‌ی نامه‌ها</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../ui/printing.py" line="105"/>
        <source>The PDF could not be prepared for printing.</source>
        <translation>فایل PDF برای چاپ آماده نشد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="167"/>
        <location filename="../../ui/printing.py" line="116"/>
        <source>The printer could not be started.</source>
        <translation>ارتباط با چاپگر برقرار نشد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="177"/>
        <source>The printer could not start a new page.</source>
        <translation>چاپگر نتوانست صفحه‌ی تازه‌ای آغاز کند.</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="95"/>
        <source>The PDF could not be read.</source>
        <translation>فایل PDF خوانده نشد.</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="154"/>
        <source>Print</source>
        <translation>چاپ</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="175"/>
        <source>The file could not be saved: %1</source>
        <translation>فایل ذخیره نشد: %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="186"/>
        <source>Save PDF</source>
        <translation>ذخیره‌ی PDF</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="186"/>
        <source>PDF files (*.pdf)</source>
        <translation>فایل‌های PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="235"/>
        <source>Print…</source>
        <translation>چاپ…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="240"/>
        <source>Save as PDF…</source>
        <translation>ذخیره به‌صورت PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="245"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="268"/>
        <source>Zoom out</source>
        <translation>کوچک‌نمایی</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="269"/>
        <source>Zoom in</source>
        <translation>بزرگ‌نمایی</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="272"/>
        <source>Whole page</source>
        <translation>کل صفحه</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="273"/>
        <source>Show the whole page</source>
        <translation>نمایش کل صفحه</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="279"/>
        <source>Page width</source>
        <translation>پهنای صفحه</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="280"/>
        <source>Fit the page&apos;s width</source>
        <translation>هم‌اندازه با پهنای صفحه</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="392"/>
        <source>receipt-%1</source>
        <translation>رسید-%1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="402"/>
        <source>Receipt preview — %1</source>
        <translation>پیش‌نمایش رسید — %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="431"/>
        <source>Minutes %1</source>
        <translation>صورتجلسه‌ی %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="433"/>
        <source>minutes-%1</source>
        <translation>صورتجلسه-%1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="447"/>
        <source>letter-%1</source>
        <translation>نامه-%1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="458"/>
        <source>Letter %1</source>
        <translation>نامه‌ی %1</translation>
    </message>
</context>
<context>
    <name>ReferDialog</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="329"/>
        <source>Refer the complaint</source>
        <translation>ارجاع شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="337"/>
        <source> working days</source>
        <translation> روز کاری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="347"/>
        <source>Units</source>
        <translation>واحدها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="349"/>
        <source>Instructions</source>
        <translation>دستور ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="351"/>
        <source>Deadline</source>
        <translation>مهلت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="352"/>
        <source>Copy to</source>
        <translation>رونوشت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="355"/>
        <source>Refer</source>
        <translation>ارجاع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="368"/>
        <source>Type part of a unit&apos;s name</source>
        <translation>بخشی از نام واحد را بنویسید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="382"/>
        <source>Already referred; waiting for its response.</source>
        <translation>پیش‌تر ارجاع شده و در انتظار پاسخ است.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="425"/>
        <source>Units chosen: %1</source>
        <translation>واحدهای انتخاب‌شده: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="434"/>
        <source>Due on %1</source>
        <translation>پایان مهلت: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="457"/>
        <source>Referral letter %2 was issued.

Preview it now?</source>
        <translation>نامه‌ی ارجاع شماره‌ی %2 صادر شد.

پیش‌نمایش آن اکنون باز شود؟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="460"/>
        <source>%1 referral letters were issued: %2.

Preview the first letter now?</source>
        <translation>%1 نامه‌ی ارجاع صادر شد: %2.

پیش‌نمایش نخستین نامه اکنون باز شود؟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="463"/>
        <source>Preview letter</source>
        <translation>پیش‌نمایش نامه</translation>
    </message>
</context>
<context>
    <name>ReferralsPage</name>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="799"/>
        <source>Overdue</source>
        <translation>گذشته از مهلت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="803"/>
        <source>Print queue</source>
        <translation>صف چاپ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="809"/>
        <source>Referrals</source>
        <translation>ارجاع‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="823"/>
        <source>Overdue (%1)</source>
        <translation>گذشته از مهلت (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/referrals_queue.py" line="827"/>
        <source>Print queue (%1)</source>
        <translation>صف چاپ (%1)</translation>
    </message>
</context>
<context>
    <name>RegistrationPage</name>
    <message>
        <location filename="../../ui/pages/registration.py" line="152"/>
        <source>Named</source>
        <translation>با نام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="153"/>
        <source>Anonymous</source>
        <translation>بی‌نام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="154"/>
        <source>Confidential</source>
        <translation>محرمانه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="162"/>
        <source>The complainant gives no name; nothing identifying is recorded.</source>
        <translation>شاکی نام خود را اعلام نمی‌کند؛ هیچ اطلاعات هویتی ثبت نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="165"/>
        <source>The name is recorded but shown only to inspectors and managers.</source>
        <translation>نام ثبت می‌شود، اما تنها برای بازرسان و مدیران نمایش داده می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="173"/>
        <source>How the reply letter addresses the complainant</source>
        <translation>نامه‌ی پاسخ، شاکی را با این عنوان خطاب می‌کند</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="176"/>
        <source>10 digits</source>
        <translation>۱۰ رقم</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="178"/>
        <source>e.g. 09121234567</source>
        <translation>مثلاً ۰۹۱۲۱۲۳۴۵۶۷</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="204"/>
        <source>Type part of the unit&apos;s name</source>
        <translation>بخشی از نام واحد را بنویسید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="213"/>
        <source>Choose a category</source>
        <translation>موضوع را انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="237"/>
        <source>What happened, where and when. Enter starts a new line; Ctrl+Enter saves.</source>
        <translation>چه رخ داده است، کجا و چه زمانی. کلید Enter سطر تازه‌ای آغاز می‌کند و Ctrl+Enter شکایت را ثبت می‌کند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="243"/>
        <source>Complainant</source>
        <translation>مشخصات شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="251"/>
        <source>Addressed as</source>
        <translation>عنوان خطاب</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="255"/>
        <source>Identity</source>
        <translation>هویت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="256"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="258"/>
        <source>National code</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="260"/>
        <source>Mobile</source>
        <translation>شماره‌ی همراه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="261"/>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="262"/>
        <source>County</source>
        <translation>شهرستان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="264"/>
        <source>Complaint</source>
        <translation>مشخصات شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="266"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="267"/>
        <source>Unit complained about</source>
        <translation>واحد مورد شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="268"/>
        <source>Category</source>
        <translation>موضوع (شاخص)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="269"/>
        <source>Received through</source>
        <translation>شیوه‌ی دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="270"/>
        <source>Received on</source>
        <translation>تاریخ دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="271"/>
        <source>Subject</source>
        <translation>عنوان شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="272"/>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="282"/>
        <source>The form you had not saved last time has been restored; check it and save.</source>
        <translation>فرمی که پیش‌تر ناتمام مانده بود بازیابی شد؛ آن را بررسی و ثبت کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="307"/>
        <source>Register (Ctrl+Enter)</source>
        <translation>ثبت (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="312"/>
        <location filename="../../ui/pages/registration.py" line="607"/>
        <source>Clear form</source>
        <translation>پاک کردن فرم</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="608"/>
        <source>Clear the form? What you have typed will be lost.</source>
        <translation>فرم پاک شود؟ آنچه نوشته‌اید از دست می‌رود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="614"/>
        <source>Clear the form</source>
        <translation>بله، پاک شود</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="615"/>
        <source>Keep it</source>
        <translation>خیر، بماند</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="130"/>
        <source>Your role may not register complaints.</source>
        <translation>با نقش کاربری شما امکان ثبت شکایت وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="321"/>
        <source>Register a complaint</source>
        <translation>ثبت شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="360"/>
        <source>Last registered complaint — tracking code:</source>
        <translation>آخرین شکایت ثبت‌شده — کد رهگیری:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="378"/>
        <source>Copy code</source>
        <translation>کپی کد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="381"/>
        <source>Print receipt…</source>
        <translation>چاپ رسید…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="384"/>
        <source>Save receipt as PDF…</source>
        <translation>ذخیره‌ی رسید به‌صورت PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="552"/>
        <source>This is not a valid date; type it like 1405/09/02.</source>
        <translation>این تاریخ معتبر نیست؛ آن را به شکل ۱۴۰۵/۰۹/۰۲ وارد کنید.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/pages/reports.py" line="74"/>
        <source>Computing the report…</source>
        <translation>در حال محاسبه‌ی گزارش…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="84"/>
        <source>Save the report</source>
        <translation>ذخیره‌ی گزارش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="86"/>
        <source>Excel workbook (*.xlsx);;CSV for Excel (*.csv);;PDF (*.pdf)</source>
        <translation>کارپوشه‌ی اکسل (*.xlsx);;CSV برای اکسل (*.csv);;PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="333"/>
        <source>Reports</source>
        <translation>گزارش‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="426"/>
        <source>Show</source>
        <translation>نمایش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="435"/>
        <source>Period</source>
        <translation>بازه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="436"/>
        <source>From</source>
        <translation>از</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="437"/>
        <source>To</source>
        <translation>تا</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="440"/>
        <location filename="../../ui/pages/reports.py" line="746"/>
        <source>Unit</source>
        <translation>واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="441"/>
        <source>Category</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="442"/>
        <source>Channel</source>
        <translation>شیوه‌ی دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="443"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="444"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="392"/>
        <location filename="../../ui/pages/reports.py" line="393"/>
        <location filename="../../ui/pages/reports.py" line="395"/>
        <location filename="../../ui/pages/reports.py" line="461"/>
        <source>All</source>
        <translation>همه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="347"/>
        <source>Reports on the central database…</source>
        <translation>گزارش از پایگاه مرکزی…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="349"/>
        <source>Back to this office</source>
        <translation>بازگشت به این دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="401"/>
        <source>Source: the central database, %1 offices</source>
        <translation>منبع: پایگاه مرکزی، %1 دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="405"/>
        <source>Source: this office&apos;s database</source>
        <translation>منبع: پایگاه داده‌ی این دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="420"/>
        <source>Office</source>
        <translation>دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="480"/>
        <source>Enter a valid range: the first day, then the last.</source>
        <translation>بازه‌ی درستی وارد کنید: نخست روز آغاز، سپس روز پایان.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="504"/>
        <source>Dashboard</source>
        <translation>داشبورد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="507"/>
        <source>Scorecard</source>
        <translation>کارنامه‌ی واحدها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="510"/>
        <source>Unit × category</source>
        <translation>واحد × موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="510"/>
        <source>County × month</source>
        <translation>شهرستان × ماه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="519"/>
        <source>Heat map</source>
        <translation>نقشه‌ی تمرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="524"/>
        <source>Offices compared</source>
        <translation>مقایسه‌ی دفترها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="533"/>
        <location filename="../../ui/pages/reports.py" line="603"/>
        <source>Save as…</source>
        <translation>ذخیره به‌صورت…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="548"/>
        <source>Received</source>
        <translation>دریافتی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="549"/>
        <source>Open</source>
        <translation>باز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="550"/>
        <source>Overdue</source>
        <translation>مهلت‌گذشته</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="551"/>
        <source>Closed</source>
        <translation>مختومه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="552"/>
        <source>Median working days to the unit&apos;s response</source>
        <translation>میانه‌ی روزهای کاری تا پاسخ واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="553"/>
        <source>Median working days to closing</source>
        <translation>میانه‌ی روزهای کاری تا مختومه شدن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="554"/>
        <source>Satisfied complainants</source>
        <translation>شاکیان راضی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="568"/>
        <source>Top units</source>
        <translation>واحدهای پرشکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="569"/>
        <source>Top categories</source>
        <translation>موضوع‌های پرتکرار</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="570"/>
        <source>By channel</source>
        <translation>بر پایه‌ی شیوه‌ی دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="571"/>
        <source>By month</source>
        <translation>بر پایه‌ی ماه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="674"/>
        <source>Against those received from %1 to %2</source>
        <translation>در برابر دریافت‌شده‌های %1 تا %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="714"/>
        <source>Complaints</source>
        <translation>شکایت‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="583"/>
        <location filename="../../ui/pages/reports.py" line="705"/>
        <source>Complaints by month</source>
        <translation>شکایت‌ها به تفکیک ماه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="589"/>
        <source>Complaints by channel</source>
        <translation>شکایت‌ها به تفکیک شیوه‌ی دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="669"/>
        <source>%1 more than before</source>
        <translation>%1 بیشتر از همین مدت در دوره‌ی پیش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="669"/>
        <source>%1 fewer than before</source>
        <translation>%1 کمتر از همین مدت در دوره‌ی پیش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="707"/>
        <source>Complaints by month, %1</source>
        <translation>شکایت‌ها به تفکیک ماه، %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="746"/>
        <source>County</source>
        <translation>شهرستان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports.py" line="833"/>
        <source>Where complaints concentrate</source>
        <translation>تمرکز شکایت‌ها</translation>
    </message>
</context>
<context>
    <name>ResponseDialog</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="517"/>
        <source>Response of %1</source>
        <translation>پاسخ %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="524"/>
        <source>Answered on</source>
        <translation>تاریخ پاسخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="525"/>
        <source>Response</source>
        <translation>پاسخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="527"/>
        <source>Unit&apos;s letter number</source>
        <translation>شماره‌ی نامه‌ی واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="529"/>
        <source>Scanned letter</source>
        <translation>تصویر اسکن‌شده‌ی نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="530"/>
        <source>Save response</source>
        <translation>ثبت پاسخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="536"/>
        <source>Attach…</source>
        <translation>پیوست…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="540"/>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="556"/>
        <source>Attach the unit&apos;s letter</source>
        <translation>پیوست نامه‌ی واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="558"/>
        <source>Scanned letters (%1)</source>
        <translation>نامه‌های اسکن‌شده (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="583"/>
        <source>No file attached</source>
        <translation>فایلی پیوست نشده است</translation>
    </message>
</context>
<context>
    <name>SatisfactionDialog</name>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="699"/>
        <source>Complainant&apos;s satisfaction</source>
        <translation>رضایت شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="701"/>
        <source>Choose</source>
        <translation>انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="705"/>
        <source>Satisfaction</source>
        <translation>رضایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="706"/>
        <source>Save</source>
        <translation>ثبت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/case_actions.py" line="711"/>
        <source>Choose what the complainant said.</source>
        <translation>نظر شاکی را انتخاب کنید.</translation>
    </message>
</context>
<context>
    <name>SecretariatPage</name>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="148"/>
        <source>Open letter</source>
        <translation>باز کردن نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="149"/>
        <source>Void letter…</source>
        <translation>ابطال نامه…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="152"/>
        <source>Outgoing letters</source>
        <translation>نامه‌های صادره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="166"/>
        <source>Number</source>
        <translation>شماره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="167"/>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="168"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="169"/>
        <location filename="../../ui/pages/secretariat.py" line="200"/>
        <source>Recipient</source>
        <translation>گیرنده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="170"/>
        <source>Subject</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="171"/>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="193"/>
        <source>Letter number</source>
        <translation>شماره‌ی نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="202"/>
        <source>Search</source>
        <translation>جستجو</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="203"/>
        <source>Clear</source>
        <translation>پاک کردن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="213"/>
        <source>&amp;Number:</source>
        <translation>&amp;شماره:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="214"/>
        <source>&amp;From:</source>
        <translation>&amp;از:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="215"/>
        <source>&amp;To:</source>
        <translation>&amp;تا:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="216"/>
        <source>&amp;Recipient:</source>
        <translation>&amp;گیرنده:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="253"/>
        <source>The start date is not a valid date.</source>
        <translation>تاریخ آغاز معتبر نیست.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="255"/>
        <source>The end date is not a valid date.</source>
        <translation>تاریخ پایان معتبر نیست.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="257"/>
        <source>The start date is after the end date.</source>
        <translation>تاریخ آغاز پس از تاریخ پایان است.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="292"/>
        <source>No letter has been issued yet. Every numbered letter the office issues (referrals, reminders, replies, box-opening minutes) is entered here as it is issued.</source>
        <translation>هنوز نامه‌ای صادر نشده است. هر نامه‌ی شماره‌داری که دفتر صادر می‌کند (ارجاع، پیگیری، پاسخ، صورتجلسه‌ی بازگشایی صندوق) همان هنگام صدور در این‌جا ثبت می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="301"/>
        <source>Counting…</source>
        <translation>در حال شمارش…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="323"/>
        <source>No letters found</source>
        <translation>نامه‌ای یافت نشد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="325"/>
        <source>More than %1 letters</source>
        <translation>بیش از %1 نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="326"/>
        <source>%1 letters</source>
        <translation>%1 نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="339"/>
        <source>Void: %1</source>
        <translation>ابطال‌شده: %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="341"/>
        <source>Printed</source>
        <translation>چاپ‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="342"/>
        <source>Not printed yet</source>
        <translation>هنوز چاپ نشده</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/wizard.py" line="361"/>
        <source>Setting up Dadras</source>
        <translation>راه‌اندازی دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="364"/>
        <source>Next</source>
        <translation>بعدی</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="365"/>
        <source>Back</source>
        <translation>قبلی</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="366"/>
        <source>Finish</source>
        <translation>پایان</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="367"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="389"/>
        <source>Restore which backup?</source>
        <translation>کدام نسخه‌ی پشتیبان بازگردانده شود؟</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="389"/>
        <source>Dadras backups (*.backup)</source>
        <translation>نسخه‌های پشتیبان دادرس (*.backup)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="399"/>
        <source>Encrypted backup</source>
        <translation>نسخه‌ی پشتیبان رمزگذاری‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="400"/>
        <source>The backup&apos;s passphrase:</source>
        <translation>گذرواژه‌ی نسخه‌ی پشتیبان:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="412"/>
        <source>Checking and restoring the backup…</source>
        <translation>در حال بررسی و بازگردانی نسخه‌ی پشتیبان…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="429"/>
        <source>The office was restored from its backup. Log in with your usual user name.</source>
        <translation>دفتر از نسخه‌ی پشتیبان بازگردانده شد. با نام کاربری همیشگی خود وارد شوید.</translation>
    </message>
</context>
<context>
    <name>ShareNote</name>
    <message>
        <location filename="../../ui/pages/backup.py" line="301"/>
        <source>The folder this office sends to central could not be read. Before registering anything, import central&apos;s acknowledgements (Send to central → Import from central…), so that tracking codes and letter numbers continue past those already given out.</source>
        <translation>پوشه‌ای که این دفتر بسته‌هایش را در آن برای مرکز می‌گذارد خوانده نشد. پیش از ثبت هر چیز، رسیدهای مرکز را وارد کنید («ارسال به مرکز» ← «دریافت بسته از مرکز…») تا کد رهگیری یا شماره‌ی نامه‌ای که پیش‌تر داده شده است دوباره داده نشود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/backup.py" line="308"/>
        <source>Tracking codes and letter numbers continue past the %1 acknowledgements from central found in the folder this office sends to.</source>
        <translation>%1 رسید مرکز در پوشه‌ی ارسال این دفتر پیدا شد؛ کدهای رهگیری و شماره‌ی نامه‌ها پس از آخرین شماره‌هایی که در آن‌ها آمده است ادامه می‌یابند و هیچ شماره‌ای دوباره داده نمی‌شود.</translation>
    </message>
</context>
<context>
    <name>SignerPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="186"/>
        <source>Letters</source>
        <translation>نامه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="189"/>
        <source>Referrals, reminders and replies are signed with this name and title. The address and telephone line goes under every letter and on the receipts.</source>
        <translation>نامه‌های ارجاع، پیگیری و پاسخ با این نام و سمت امضا می‌شوند. سطر نشانی و تلفن پایین هر نامه و روی رسیدها می‌آید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="194"/>
        <source>e.g. Ali Jahangiri</source>
        <translation>مثلاً علی جهانگیری</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="197"/>
        <source>e.g. Director General of Inspection of the Province</source>
        <translation>مثلاً مدیرکل بازرسی استان</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="200"/>
        <source>Address and telephone of the office</source>
        <translation>نشانی و تلفن دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="203"/>
        <source>Signer&apos;s name</source>
        <translation>نام امضاکننده</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="204"/>
        <source>Signer&apos;s title</source>
        <translation>سمت امضاکننده</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="206"/>
        <source>Address and telephone (optional)</source>
        <translation>نشانی و تلفن (اختیاری)</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/pages/sync.py" line="92"/>
        <source>Writing the package for central…</source>
        <translation>نوشتن بسته برای مرکز…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="103"/>
        <source>Reading changes: %1 of %2</source>
        <translation>خواندن تغییرها: %1 از %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="153"/>
        <source>Export now</source>
        <translation>ارسال اکنون</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="155"/>
        <source>Import from central…</source>
        <translation>دریافت بسته از مرکز…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="156"/>
        <source>Settings…</source>
        <translation>تنظیمات…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="169"/>
        <location filename="../../ui/pages/sync.py" line="194"/>
        <source>Destination</source>
        <translation>مقصد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="170"/>
        <source>Schedule</source>
        <translation>زمان‌بندی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="171"/>
        <source>Changes not yet received by central</source>
        <translation>تغییرهایی که هنوز به مرکز نرسیده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="172"/>
        <source>Last export</source>
        <translation>آخرین ارسال</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="173"/>
        <source>Central key</source>
        <translation>کلید مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="174"/>
        <source>This office&apos;s key</source>
        <translation>کلید این دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="184"/>
        <location filename="../../ui/pages/sync.py" line="204"/>
        <source>No.</source>
        <translation>شماره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="185"/>
        <source>Written</source>
        <translation>زمان نوشتن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="187"/>
        <source>Records</source>
        <translation>رکوردها</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="191"/>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="192"/>
        <source>Checksum</source>
        <translation>چکیده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="198"/>
        <source>Verified</source>
        <translation>بررسی‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="199"/>
        <source>Received by central</source>
        <translation>رسید مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="205"/>
        <source>Sent by central</source>
        <translation>فرستاده‌ی مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="206"/>
        <source>Complaints added</source>
        <translation>شکایت‌های افزوده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="207"/>
        <source>Already here</source>
        <translation>از پیش موجود</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="208"/>
        <source>File</source>
        <translation>پرونده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="224"/>
        <source>No package has been sent to central yet. Press «Export now» to write the first one.</source>
        <translation>هنوز بسته‌ای به مرکز فرستاده نشده است. با «ارسال اکنون» نخستین بسته را بسازید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="232"/>
        <source>Nothing has been received from central yet. When central sends a package, bring it in with «Import from central…».</source>
        <translation>هنوز چیزی از مرکز دریافت نشده است. هرگاه مرکز بسته‌ای فرستاد، آن را با «دریافت بسته از مرکز…» وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="237"/>
        <source>Packages sent</source>
        <translation>بسته‌های فرستاده‌شده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="238"/>
        <source>Received from central</source>
        <translation>دریافتی از مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="240"/>
        <location filename="../../ui/pages/sync.py" line="346"/>
        <source>Send to central</source>
        <translation>ارسال به مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="275"/>
        <location filename="../../ui/pages/sync.py" line="290"/>
        <source>not set</source>
        <translation>تنظیم نشده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="277"/>
        <source>%1 (not reachable)</source>
        <translation>%1 (در دسترس نیست)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="283"/>
        <source>never</source>
        <translation>هرگز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="285"/>
        <source>package %1, %2</source>
        <translation>بسته‌ی %1، %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="292"/>
        <location filename="../../ui/pages/sync.py" line="295"/>
        <source>fingerprint %1</source>
        <translation>اثر انگشت %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="300"/>
        <source>none: export by hand</source>
        <translation>ندارد: ارسال دستی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="302"/>
        <source>daily at %1</source>
        <translation>هر روز ساعت %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="303"/>
        <source>every %1 days</source>
        <translation>هر %1 روز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="337"/>
        <source>No destination folder is set. Press «%2» on this page and choose the «%3» (a removable disk or a shared folder).</source>
        <translation>پوشه‌ی مقصد تنظیم نشده است. در همین صفحه «%2» را بزنید و «%3» را انتخاب کنید (حافظه‌ی جانبی یا پوشه‌ی اشتراکی).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="342"/>
        <source>No destination folder is set. The system administrator sets it on the «%1» page: «%2», then «%3».</source>
        <translation>پوشه‌ی مقصد تنظیم نشده است. مدیر سامانه آن را در صفحه‌ی «%1»، با دکمه‌ی «%2»، در کادر «%3» تعیین می‌کند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="180"/>
        <source>awaiting</source>
        <translation>در انتظار</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="198"/>
        <source>yes</source>
        <translation>بله</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="198"/>
        <source>no</source>
        <translation>خیر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="359"/>
        <source>Package %1 written and checked: %2 records, %3, in %4.</source>
        <translation>بسته‌ی %1 نوشته و بررسی شد: %2 رکورد، %3، در پرونده‌ی %4.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="372"/>
        <source>Import a file from central</source>
        <translation>ورود پرونده‌ای از مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="374"/>
        <source>Files from central (*.json *.age);;All files (*)</source>
        <translation>پرونده‌های مرکز (*.json *.age);;همه‌ی پرونده‌ها (*)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="392"/>
        <source>Package %1 was sent after the backup this office was restored from; tracking codes and numbers now continue past it.</source>
        <translation>بسته‌ی %1 پس از نسخه‌ی پشتیبانی که این دفتر از آن بازگردانده شد فرستاده شده بود؛ کدهای رهگیری و شماره‌ها از این پس بعد از شماره‌های آن بسته ادامه می‌یابند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="396"/>
        <source>Package %1 was already marked as received.</source>
        <translation>بسته‌ی %1 پیش‌تر دریافت‌شده ثبت شده بود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="397"/>
        <source>Central received package %1; the next export starts after it.</source>
        <translation>مرکز بسته‌ی %1 را دریافت کرد؛ ارسال بعدی از پس آن آغاز می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="404"/>
        <source>Central&apos;s package %1 was imported before.</source>
        <translation>بسته‌ی %1 مرکز پیش‌تر وارد شده است.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="407"/>
        <source>Central&apos;s package %1: %2 complaints registered.</source>
        <translation>بسته‌ی %1 مرکز: %2 شکایت ثبت شد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="409"/>
        <source>Central&apos;s package %1: no new complaint; %3 already here.</source>
        <translation>بسته‌ی %1 مرکز: شکایت تازه‌ای ثبت نشد؛ %3 شکایت از پیش موجود بود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="411"/>
        <source>Central&apos;s package %1: %2 complaints registered, %3 already here.</source>
        <translation>بسته‌ی %1 مرکز: %2 شکایت ثبت شد، %3 از پیش موجود بود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="418"/>
        <source>Tracking codes: %1</source>
        <translation>کدهای رهگیری: %1</translation>
    </message>
</context>
<context>
    <name>SyncSettingsDialog</name>
    <message>
        <location filename="../../ui/pages/sync.py" line="536"/>
        <source>Sending to central: settings</source>
        <translation>تنظیمات ارسال به مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="541"/>
        <source>Choose…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="545"/>
        <source>No schedule</source>
        <translation>بدون زمان‌بندی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="545"/>
        <source>Daily at</source>
        <translation>هر روز ساعت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="545"/>
        <source>Every N days</source>
        <translation>هر چند روز یک بار</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="553"/>
        <source>Load central key file…</source>
        <translation>بارگذاری پرونده‌ی کلید مرکز…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="556"/>
        <source>Save this office&apos;s public key…</source>
        <translation>ذخیره‌ی کلید عمومی این دفتر…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="348"/>
        <location filename="../../ui/pages/sync.py" line="582"/>
        <source>Destination folder</source>
        <translation>پوشه‌ی مقصد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="583"/>
        <source>Schedule</source>
        <translation>زمان‌بندی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="591"/>
        <source>Central key</source>
        <translation>کلید مرکز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="592"/>
        <source>This office&apos;s key</source>
        <translation>کلید این دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="596"/>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="597"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="633"/>
        <source>not set</source>
        <translation>تنظیم نشده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="635"/>
        <location filename="../../ui/pages/sync.py" line="650"/>
        <source>fingerprint %1</source>
        <translation>اثر انگشت %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="641"/>
        <source>set on %1 by %2, confirmed by %3</source>
        <translation>تعیین‌شده در %1 به دست %2، با تأیید %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="645"/>
        <source>set on %1 by %2</source>
        <translation>تعیین‌شده در %1 به دست %2</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="646"/>
        <source>the system</source>
        <translation>سامانه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="672"/>
        <source>Choose the folder packages are written to.</source>
        <translation>پوشه‌ای را که بسته‌ها در آن نوشته می‌شوند انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="677"/>
        <source>This folder does not exist or is not connected.</source>
        <translation>این پوشه وجود ندارد یا وصل نیست.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="683"/>
        <source>Saved.</source>
        <translation>ذخیره شد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="689"/>
        <source>Folder for packages (USB drive or network share)</source>
        <translation>پوشه‌ی بسته‌ها (حافظه‌ی جانبی یا پوشه‌ی اشتراکی)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="698"/>
        <source>The central system&apos;s public key</source>
        <translation>کلید عمومی سامانه‌ی مرکزی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="699"/>
        <source>Public-key files (*.pub *.json);;All files (*)</source>
        <translation>پرونده‌های کلید عمومی (*.pub *.json);;همه‌ی پرونده‌ها (*)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="716"/>
        <source>Central key loaded: fingerprint %1. Compare it with central&apos;s by phone.</source>
        <translation>کلید مرکز بارگذاری شد: اثر انگشت %1. آن را تلفنی با مرکز تطبیق دهید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="726"/>
        <source>Save this office&apos;s public key</source>
        <translation>ذخیره‌ی کلید عمومی این دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="727"/>
        <source>Public-key files (*.pub)</source>
        <translation>پرونده‌های کلید عمومی (*.pub)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync.py" line="736"/>
        <source>Saved to %1 (fingerprint %2). Send this file to central for enrolment.</source>
        <translation>در %1 ذخیره شد (اثر انگشت %2). این پرونده را برای ثبت دفتر به مرکز بفرستید.</translation>
    </message>
</context>
<context>
    <name>TemplatesSection</name>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="443"/>
        <source>Save template</source>
        <translation>ذخیره‌ی الگو</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="444"/>
        <source>Restore the shipped text…</source>
        <translation>بازگرداندن متن پیش‌فرض…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="446"/>
        <source>Preview sample letter</source>
        <translation>پیش‌نمایش نامه‌ی نمونه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="452"/>
        <source>Template</source>
        <translation>الگو</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="465"/>
        <source>Placeholders (double-click or Enter inserts one at the cursor)</source>
        <translation>جای‌نگهدارها (با دوبار کلیک یا کلید Enter، جای‌نگهدار در محل مکان‌نما درج می‌شود)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="523"/>
        <source>Your own text</source>
        <translation>متن سفارشی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="525"/>
        <source>The shipped text</source>
        <translation>متن پیش‌فرض</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="527"/>
        <source>%1, with unsaved changes</source>
        <translation>%1، با تغییرات ذخیره‌نشده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="570"/>
        <source>The template is saved.</source>
        <translation>الگو ذخیره شد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="576"/>
        <source>Restore the shipped text</source>
        <translation>بازگرداندن متن پیش‌فرض</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="578"/>
        <source>Replace this template with the text Dadras ships? Your text is lost.</source>
        <translation>متن این الگو با متن پیش‌فرض دادرس جایگزین شود؟ متن شما از بین خواهد رفت.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="579"/>
        <source>Restore</source>
        <translation>بازگرداندن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="580"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="596"/>
        <source>The shipped text is restored.</source>
        <translation>متن پیش‌فرض بازگردانده شد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="615"/>
        <location filename="../../ui/pages/admin_letters.py" line="701"/>
        <source>Sample letter</source>
        <translation>نامه‌ی نمونه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="615"/>
        <source>sample-letter</source>
        <translation>نامه-نمونه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="635"/>
        <source>Delay in issuing a building permit</source>
        <translation>تأخیر در صدور پروانه‌ی ساختمان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="637"/>
        <source>The permit I applied for three months ago has not been issued and nobody answers my calls.</source>
        <translation>پروانه‌ای که سه ماه پیش درخواست کرده‌ام هنوز صادر نشده است و کسی به تماس‌هایم پاسخ نمی‌دهد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="641"/>
        <source>Ali Rezaei</source>
        <translation>علی رضایی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="663"/>
        <source>The county governorate</source>
        <translation>فرمانداری شهرستان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="643"/>
        <source>The city&apos;s municipality</source>
        <translation>شهرداری شهر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="644"/>
        <source>Please look into this complaint with priority.</source>
        <translation>خواهشمند است به این شکایت خارج از نوبت رسیدگی شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_letters.py" line="651"/>
        <source>Following our referral, the permit was issued last week.</source>
        <translation>پس از ارجاع این دفتر، پروانه هفته‌ی گذشته صادر شد.</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="35"/>
        <source>Edit unit</source>
        <translation>ویرایش واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="35"/>
        <source>Add unit</source>
        <translation>افزودن واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="40"/>
        <source>Active (offered when registering)</source>
        <translation>فعال (در فرم ثبت شکایت قابل انتخاب است)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="44"/>
        <source>Name</source>
        <translation>نام واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="45"/>
        <source>Head&apos;s name</source>
        <translation>نام رئیس واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="46"/>
        <source>Head&apos;s title</source>
        <translation>سمت رئیس واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="47"/>
        <source>Superior unit</source>
        <translation>واحد بالادست</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="57"/>
        <source>None</source>
        <translation>ندارد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="59"/>
        <source>%1 (inactive)</source>
        <translation>%1 (غیرفعال)</translation>
    </message>
</context>
<context>
    <name>UnitsPage</name>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="94"/>
        <source>Name</source>
        <translation>نام واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="94"/>
        <source>Head&apos;s name</source>
        <translation>نام رئیس واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="94"/>
        <source>Superior unit</source>
        <translation>واحد بالادست</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="95"/>
        <source>Head&apos;s title</source>
        <translation>سمت رئیس واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="95"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="96"/>
        <source>Add unit…</source>
        <translation>افزودن واحد…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="97"/>
        <source>No units yet. Press «Add unit…» to add the first one.</source>
        <translation>هنوز واحدی تعریف نشده است. با «افزودن واحد…» نخستین واحد را بیفزایید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="93"/>
        <source>Units</source>
        <translation>واحدها</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="36"/>
        <source>Edit user</source>
        <translation>ویرایش کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="36"/>
        <source>Add user</source>
        <translation>افزودن کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="47"/>
        <source>Active (may log in)</source>
        <translation>فعال (اجازه‌ی ورود دارد)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="53"/>
        <source>Username</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="54"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="55"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="57"/>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="58"/>
        <source>Repeat the password</source>
        <translation>تکرار گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="75"/>
        <source>The two passwords are not the same.</source>
        <translation>دو گذرواژه‌ی واردشده یکسان نیستند.</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="140"/>
        <source>Username</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="140"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="140"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="141"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="141"/>
        <source>Last login</source>
        <translation>آخرین ورود</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="142"/>
        <source>Add user…</source>
        <translation>افزودن کاربر…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="133"/>
        <source>Reset password…</source>
        <translation>بازنشانی گذرواژه…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="139"/>
        <source>Users</source>
        <translation>کاربران</translation>
    </message>
</context>
<context>
    <name>VoidLetterDialog</name>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="67"/>
        <source>Void letter %1</source>
        <translation>ابطال نامه‌ی %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="70"/>
        <source>Letter %1 keeps its number and stays in the register, marked void. Why is it being voided?</source>
        <translation>نامه‌ی %1 شماره‌ی خود را حفظ می‌کند و با علامت «ابطال‌شده» در دبیرخانه باقی می‌ماند. علت ابطال آن چیست؟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="79"/>
        <source>Reason</source>
        <translation>علت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="82"/>
        <source>Void letter</source>
        <translation>ابطال نامه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/secretariat.py" line="86"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
</TS>
