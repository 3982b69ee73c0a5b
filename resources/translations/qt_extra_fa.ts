<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>درایو</translation>
    </message>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>پوشه</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>پوشه</translation>
    </message>
    <message>
        <source>File</source>
        <translation>پرونده</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>نام مستعار</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>میان‌بر</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>ناشناخته</translation>
    </message>
</context>
<context>
    <name>QCupsJobWidget</name>
    <message>
        <source>&amp;Billing information:</source>
        <translation>اطلاعات &amp;صورت‌حساب:</translation>
    </message>
    <message>
        <source>&amp;Start:</source>
        <translation>&amp;آغاز:</translation>
    </message>
    <message>
        <source>&amp;End:</source>
        <translation>&amp;پایان:</translation>
    </message>
    <message>
        <source>Job &amp;priority:</source>
        <translation>&amp;اولویت کار چاپ:</translation>
    </message>
    <message>
        <source>Scheduled &amp;printing:</source>
        <translation>چاپ &amp;زمان‌بندی‌شده:</translation>
    </message>
</context>
<context>
    <name>QDialogButtonBox</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;تأیید</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;ذخیره</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;انصراف</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;بستن</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>بستن بدون ذخیره</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;بله</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;خیر</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>اعمال</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>دور ریختن</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>راهنما</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>نادیده گرفتن</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>خ&amp;یر برای همه</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>باز کردن</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>بازنشانی</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>بازگشت به پیش‌فرض‌ها</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>تلاش دوباره</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>ذخیره‌ی همه</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>&amp;بله برای همه</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;جستجو در:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;نوع پرونده‌ها:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>برگشت</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>برگشت به پوشه‌ی قبلی</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>جلو</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>رفتن به پوشه‌ی بعدی</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>پوشه‌ی بالاتر</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>رفتن به پوشه‌ی بالاتر</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>ساختن پوشه‌ی تازه</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>ساختن پوشه‌ی تازه</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;پوشه‌ی تازه</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>پوشه‌ی تازه</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>نمایش فهرستی</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>نمایش به صورت فهرست</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>نمایش با جزئیات</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>نمایش با جزئیات</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>فهرست جاها و نشانه‌ها</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;باز کردن</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>باز کردن</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;پاک کردن</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>پاک کردن</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>همه‌ی پرونده‌ها (*)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>همه‌ی پرونده‌ها (*)</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>«&#x2068;%1&#x2069;» از پیش هست.
جایگزین شود؟</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>&#x200F;&#x2068;%1&#x2069;
پرونده پیدا نشد.
لطفاً نام پرونده را بررسی کنید.</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>&#x200F;&#x2068;%1&#x2069;
پوشه پیدا نشد.
لطفاً نام پوشه را بررسی کنید.</translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>«&#x2068;%1&#x2069;» پاک شود؟</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is write protected.
Do you want to delete it anyway?</source>
        <translation>«&#x2068;%1&#x2069;» در برابر نوشتن محافظت شده است.
با این حال پاک شود؟</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>پوشه پاک نشد.</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;واگرد</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;ازنو</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>OK</source>
        <translation>تأیید</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>راهنما</translation>
    </message>
</context>
<context>
    <name>QPPDOptionsModel</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>مقدار</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <source>Page &amp;order:</source>
        <translation>&amp;ترتیب صفحه‌ها:</translation>
    </message>
    <message>
        <source>Pages &amp;per sheet:</source>
        <translation>صفحه در &amp;هر برگ:</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>&amp;No</source>
        <translation>&amp;خیر</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>خ&amp;یر برای همه</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>دور ریختن</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>باز کردن</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>بازنشانی</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <source>Invalid Pages Definition</source>
        <translation>صفحه‌ها درست نوشته نشده‌اند</translation>
    </message>
    <message>
        <source>%1 does not follow the correct syntax. Please use &apos;,&apos; to separate ranges and pages, &apos;-&apos; to define ranges and make sure ranges do not intersect with each other.</source>
        <translation>&#x200F;&#x2066;%1&#x2069; درست نوشته نشده است. صفحه‌ها و بازه‌ها را با «,» از هم جدا کنید، هر بازه را با «-» بنویسید و بازه‌ها روی هم نیفتند.</translation>
    </message>
    <message>
        <source>Duplex Settings Conflicts</source>
        <translation>ناسازگاری در تنظیمات چاپ دورو</translation>
    </message>
    <message>
        <source>There are conflicts in duplex settings. Do you want to fix them?</source>
        <translation>تنظیمات چاپ دورو با هم ناسازگارند. درست شوند؟</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>سفارشی</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesDialog</name>
    <message>
        <source>Advanced Option Conflicts</source>
        <translation>ناسازگاری در گزینه‌های پیشرفته</translation>
    </message>
    <message>
        <source>Page Setup Conflicts</source>
        <translation>ناسازگاری در تنظیم صفحه</translation>
    </message>
    <message>
        <source>There are conflicts in page setup options. Do you want to fix them?</source>
        <translation>گزینه‌های تنظیم صفحه با هم ناسازگارند. درست شوند؟</translation>
    </message>
    <message>
        <source>There are conflicts in some advanced options. Do you want to fix them?</source>
        <translation>برخی گزینه‌های پیشرفته با هم ناسازگارند. درست شوند؟</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesWidget</name>
    <message>
        <source>Advanced</source>
        <translation>پیشرفته</translation>
    </message>
    <message>
        <source>There are conflicts in some options. Please fix them.</source>
        <translation>برخی گزینه‌ها با هم ناسازگارند؛ لطفاً درستشان کنید.</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Double Sided Printing</source>
        <translation>چاپ دورو</translation>
    </message>
    <message>
        <source>Long side binding</source>
        <translation>صحافی از لبه‌ی بلند</translation>
    </message>
    <message>
        <source>Short side binding</source>
        <translation>صحافی از لبه‌ی کوتاه</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>خاموش</translation>
    </message>
    <message>
        <source>Page &amp;Set:</source>
        <translation>&amp;کدام صفحه‌ها:</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>صفحه‌ها</translation>
    </message>
    <message>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>صفحه‌ها یا بازه‌ها را با ویرگول از هم جدا کنید؛ هر بازه دو شماره است با خط تیره میانشان. برای نمونه &#x2066;3,5-7,9&#x2069; صفحه‌های ۳، ۵، ۶، ۷ و ۹ را چاپ می‌کند.</translation>
    </message>
</context>
<context>
    <name>QShortcut</name>
    <message>
        <source>Ctrl</source>
        <translation>Ctrl</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Alt</source>
        <translation>Alt</translation>
    </message>
    <message>
        <source>Meta</source>
        <translation>Meta</translation>
    </message>
    <message>
        <source>Num</source>
        <translation>Num</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Backtab</source>
        <translation>Backtab</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Backspace</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Ins</source>
        <translation>Ins</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <source>PgUp</source>
        <translation>PgUp</translation>
    </message>
    <message>
        <source>PgDown</source>
        <translation>PgDown</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Right</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>F%1</source>
        <translation>F%1</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;واگرد</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;ازنو</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>کپی &amp;نشانی پیوند</translation>
    </message>
</context>
</TS>
