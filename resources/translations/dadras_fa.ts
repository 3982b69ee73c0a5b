<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="119"/>
        <source>The administrator</source>
        <translation>مدیر سامانه</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="122"/>
        <source>This user sets up units, categories and the other users. Keep the password safe.</source>
        <translation>این کاربر واحدها، موضوع‌ها و دیگر کاربران را تعریف می‌کند. گذرواژه را در جای امنی نگه دارید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="134"/>
        <source>Username (Latin letters)</source>
        <translation>نام کاربری (با حروف لاتین)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="136"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="137"/>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="138"/>
        <source>Repeat the password</source>
        <translation>تکرار گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="150"/>
        <source>Enter a username.</source>
        <translation>نام کاربری را وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="152"/>
        <source>Enter the administrator&apos;s full name.</source>
        <translation>نام و نام خانوادگی مدیر سامانه را وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="154"/>
        <source>The password must have at least %1 characters.</source>
        <translation>گذرواژه باید دست‌کم %1 نویسه داشته باشد.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="158"/>
        <source>The two passwords are not the same.</source>
        <translation>دو گذرواژه‌ی واردشده یکسان نیستند.</translation>
    </message>
</context>
<context>
    <name>AdminPages</name>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="135"/>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="135"/>
        <source>Inactive</source>
        <translation>غیرفعال</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="163"/>
        <source>Save</source>
        <translation>ثبت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="168"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_common.py" line="235"/>
        <source>Edit…</source>
        <translation>ویرایش…</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/application.py" line="142"/>
        <source>The database file is on a network share:
%1

A database file on a shared folder can be damaged when several computers write to it. Keep the file on this computer&apos;s own disk, or ask your administrator to set up a PostgreSQL server for the office.</source>
        <translation>فایل پایگاه داده در یک پوشه‌ی اشتراکی شبکه قرار دارد:
‎%1‎

اگر چند رایانه هم‌زمان در فایل پایگاه داده‌ای که در پوشه‌ی اشتراکی است بنویسند، ممکن است فایل آسیب ببیند. فایل را روی دیسک همین رایانه نگه دارید یا از مدیر سامانه بخواهید برای دفتر یک سرور PostgreSQL راه‌اندازی کند.</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="153"/>
        <source>The database file cannot be opened:
%1

Check that the file exists, that you may read and write it, and that the disk is not full.

Details: %2</source>
        <translation>فایل پایگاه داده باز نمی‌شود:
‎%1‎

بررسی کنید که فایل وجود داشته باشد، اجازه‌ی خواندن و نوشتن آن را داشته باشید و دیسک پر نباشد.

جزئیات: %2</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="120"/>
        <source>Office:</source>
        <translation>اداره:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="121"/>
        <source>Official holiday:</source>
        <translation>تعطیل رسمی:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="122"/>
        <source>Admin&apos;s note:</source>
        <translation>توضیح مدیر:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="124"/>
        <source>Close the office on this day…</source>
        <translation>تعطیل کردن اداره در این روز…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="125"/>
        <source>Open the office on this day</source>
        <translation>باز کردن اداره در این روز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="126"/>
        <source>Undo the correction</source>
        <translation>لغو تغییر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="134"/>
        <source>Thursday is a weekend day</source>
        <translation>پنجشنبه تعطیل است</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="156"/>
        <source>Closed days are red; the days you changed are bold and underlined. Hover over a day to see why it is closed.</source>
        <translation>روزهای تعطیل قرمز و روزهایی که تغییر داده‌اید پررنگ و زیرخط‌دار است. برای دیدن علت تعطیلی، نشانگر را روی روز نگه دارید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="169"/>
        <source>Holidays</source>
        <translation>تعطیلات</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="261"/>
        <source>Open</source>
        <translation>باز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="264"/>
        <source>Closed (%1)</source>
        <translation>تعطیل (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="266"/>
        <source>Closed</source>
        <translation>تعطیل</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="268"/>
        <location filename="../../ui/pages/admin_calendar.py" line="273"/>
        <source>None</source>
        <translation>ندارد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="271"/>
        <source>Changed by the admin, without a note</source>
        <translation>تغییر داده‌شده توسط مدیر، بدون توضیح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="284"/>
        <source>Changes in %1:</source>
        <translation>تغییرات سال %1:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="292"/>
        <source>closed</source>
        <translation>تعطیل</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="292"/>
        <source>open</source>
        <translation>باز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="300"/>
        <source>No changes</source>
        <translation>بدون تغییر</translation>
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
    <name>CloseDayDialog</name>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="58"/>
        <location filename="../../ui/pages/admin_calendar.py" line="68"/>
        <source>Close the office</source>
        <translation>تعطیل کردن اداره</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="63"/>
        <source>For example: air pollution</source>
        <translation>مثلاً: آلودگی هوا</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="65"/>
        <source>Day</source>
        <translation>روز</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="66"/>
        <source>Reason</source>
        <translation>علت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_calendar.py" line="71"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>ComplaintDetailDialog</name>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="83"/>
        <source>Complaint registered</source>
        <translation>ثبت شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="86"/>
        <source>User created</source>
        <translation>تعریف کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="87"/>
        <source>User changed</source>
        <translation>ویرایش کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="88"/>
        <source>Password reset</source>
        <translation>بازنشانی گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="89"/>
        <source>Unit created</source>
        <translation>تعریف واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="90"/>
        <source>Unit changed</source>
        <translation>ویرایش واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="91"/>
        <source>Category created</source>
        <translation>تعریف موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="92"/>
        <source>Category changed</source>
        <translation>ویرایش موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="93"/>
        <source>Office set up</source>
        <translation>راه‌اندازی دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="94"/>
        <source>Setting changed</source>
        <translation>تغییر تنظیمات</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="95"/>
        <source>Logged in</source>
        <translation>ورود به سامانه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="96"/>
        <source>Failed login attempt</source>
        <translation>تلاش ناموفق برای ورود</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="111"/>
        <source>Complaint %1</source>
        <translation>شکایت %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="133"/>
        <source>Details</source>
        <translation>جزئیات</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="136"/>
        <source>History (%1)</source>
        <translation>تاریخچه (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="141"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="147"/>
        <source>Print receipt…</source>
        <translation>چاپ رسید…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="152"/>
        <source>Save receipt as PDF…</source>
        <translation>ذخیره‌ی رسید به‌صورت PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="191"/>
        <source>Complaint</source>
        <translation>مشخصات شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="193"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="194"/>
        <source>Received through</source>
        <translation>شیوه‌ی دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="195"/>
        <source>Received on</source>
        <translation>تاریخ دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="196"/>
        <source>Unit complained about</source>
        <translation>واحد مورد شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="197"/>
        <source>Category</source>
        <translation>موضوع (شاخص)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="198"/>
        <source>Subject</source>
        <translation>عنوان شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="208"/>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="213"/>
        <source>Complainant</source>
        <translation>مشخصات شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="215"/>
        <source>Identity</source>
        <translation>هویت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="219"/>
        <source>This complainant asked for confidentiality; the identity is shown only to inspectors and managers.</source>
        <translation>شاکی درخواست محرمانه ماندن هویت خود را داشته است؛ هویت او تنها برای بازرسان و مدیران نمایش داده می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="223"/>
        <source>Anonymous complaint: no identity was recorded.</source>
        <translation>شکایت بی‌نام: هیچ اطلاعات هویتی ثبت نشده است.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="229"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="230"/>
        <source>National code</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="231"/>
        <source>Mobile</source>
        <translation>شماره‌ی همراه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="232"/>
        <source>County</source>
        <translation>شهرستان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="233"/>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="238"/>
        <source>Record</source>
        <translation>اطلاعات ثبت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="240"/>
        <source>Registered by</source>
        <translation>ثبت‌کننده</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="242"/>
        <source>Registered at</source>
        <translation>زمان ثبت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="245"/>
        <source>Last changed</source>
        <translation>آخرین تغییر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="247"/>
        <source>Version</source>
        <translation>نسخه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="248"/>
        <source>Record identifier</source>
        <translation>شناسه‌ی یکتا</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="254"/>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="254"/>
        <source>User</source>
        <translation>کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="254"/>
        <source>Action</source>
        <translation>اقدام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaint_detail.py" line="266"/>
        <source>System</source>
        <translation>سامانه</translation>
    </message>
</context>
<context>
    <name>ComplaintsModel</name>
    <message>
        <location filename="../../ui/pages/complaints.py" line="82"/>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="83"/>
        <source>Received on</source>
        <translation>تاریخ دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="84"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="85"/>
        <source>Complainant</source>
        <translation>شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="86"/>
        <source>Unit</source>
        <translation>واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="87"/>
        <source>Category</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="88"/>
        <source>Subject</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="89"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="192"/>
        <source>Anonymous</source>
        <translation>بی‌نام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="194"/>
        <source>Confidential</source>
        <translation>محرمانه</translation>
    </message>
</context>
<context>
    <name>ComplaintsPage</name>
    <message>
        <location filename="../../ui/pages/complaints.py" line="236"/>
        <source>Tracking code, national code, mobile, name or words</source>
        <translation>کد رهگیری، کد ملی، شماره‌ی همراه، نام یا بخشی از متن</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="314"/>
        <source>No complaints found</source>
        <translation>شکایتی یافت نشد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints.py" line="316"/>
        <source>%1 complaints found</source>
        <translation>%1 شکایت یافت شد</translation>
    </message>
</context>
<context>
    <name>EditableList</name>
    <message>
        <location filename="../../ui/wizard.py" line="177"/>
        <source>Add</source>
        <translation>افزودن</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="179"/>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="233"/>
        <source>This name is too long: %1</source>
        <translation>این نام بیش از اندازه طولانی است: %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="236"/>
        <source>This name is in the list twice: %1</source>
        <translation>این نام دو بار در فهرست آمده است: %1</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="77"/>
        <source>Dadras</source>
        <translation>دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="81"/>
        <source>OK</source>
        <translation>تأیید</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="96"/>
        <source>Unexpected error</source>
        <translation>خطای پیش‌بینی‌نشده</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="97"/>
        <source>Something went wrong that Dadras did not expect. The last action was not completed and your saved data is safe.

Please copy the report and send it to your support contact.</source>
        <translation>خطایی پیش‌بینی‌نشده در دادرس رخ داد. آخرین عملیات انجام نشد و اطلاعات ذخیره‌شده‌ی شما سالم است.

لطفاً گزارش خطا را کپی کنید و برای پشتیبانی سامانه بفرستید.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="107"/>
        <source>Copy report</source>
        <translation>کپی گزارش</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="110"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>JalaliDateEdit</name>
    <message>
        <location filename="../../ui/widgets/jalali_date.py" line="160"/>
        <source>year/month/day</source>
        <translation>سال/ماه/روز</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/jalali_date.py" line="172"/>
        <source>Choose from the calendar (Alt+Down)</source>
        <translation>انتخاب از تقویم (Alt+↓)</translation>
    </message>
</context>
<context>
    <name>ListsPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="249"/>
        <source>Units and categories</source>
        <translation>واحدها و موضوع‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="252"/>
        <source>Edit the starting lists: double-click a name to change it. The administrator can change them later.</source>
        <translation>فهرست‌های آغازین را ویرایش کنید: برای تغییر هر نام، روی آن دو بار کلیک کنید. مدیر سامانه بعداً هم می‌تواند آن‌ها را تغییر دهد.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="256"/>
        <source>Units</source>
        <translation>واحدها</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="257"/>
        <source>Categories</source>
        <translation>موضوع‌ها (شاخص‌ها)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="271"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="275"/>
        <source>Fixed kinds of case: %1</source>
        <translation>انواع ثابت (غیرقابل ویرایش): %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="277"/>
        <source>Fixed channels: %1</source>
        <translation>شیوه‌های ثابت دریافت (غیرقابل ویرایش): %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="52"/>
        <source>Log in to Dadras</source>
        <translation>ورود به دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="79"/>
        <source>Log in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="83"/>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="92"/>
        <source>Username</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="93"/>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="128"/>
        <source>Enter your username and password.</source>
        <translation>نام کاربری و گذرواژه‌ی خود را وارد کنید.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="131"/>
        <source>Dadras — %1</source>
        <translation>دادرس — %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146"/>
        <source>Register complaint</source>
        <translation>ثبت شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>Complaints</source>
        <translation>شکایت‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>Users</source>
        <translation>کاربران</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <source>Units</source>
        <translation>واحدها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153"/>
        <source>Categories</source>
        <translation>موضوع‌ها (شاخص‌ها)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155"/>
        <source>Holidays</source>
        <translation>تعطیلات</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187"/>
        <source>&amp;File</source>
        <translation>&amp;فایل</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>Log &amp;out</source>
        <translation>خروج از &amp;حساب</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193"/>
        <source>&amp;Pages</source>
        <translation>&amp;صفحه‌ها</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195"/>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196"/>
        <source>&amp;About Dadras</source>
        <translation>&amp;درباره‌ی دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="231"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="308"/>
        <source>This page is not available in this version.</source>
        <translation>این صفحه در این نسخه در دسترس نیست.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="336"/>
        <source>About Dadras</source>
        <translation>درباره‌ی دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340"/>
        <source>Dadras %1
Complaint handling for inspection offices.

Database: %2</source>
        <translation>دادرس، نسخه‌ی %1
سامانه‌ی رسیدگی به شکایات دفاتر بازرسی

پایگاه داده: ‎%2‎</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="345"/>
        <source>OK</source>
        <translation>تأیید</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <location filename="../../ui/wizard.py" line="62"/>
        <source>The office</source>
        <translation>مشخصات دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="63"/>
        <source>The office&apos;s name and code appear on letters and receipts.</source>
        <translation>نام و کد دفتر در نامه‌ها و رسیدها درج می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="72"/>
        <source>Choose the province</source>
        <translation>استان را انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="78"/>
        <source>Office name</source>
        <translation>نام دفتر</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="79"/>
        <source>Office code (1–9999)</source>
        <translation>کد دفتر (۱ تا ۹۹۹۹)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="80"/>
        <source>Province</source>
        <translation>استان</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="81"/>
        <source>County</source>
        <translation>شهرستان</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="82"/>
        <source>Phone (optional)</source>
        <translation>تلفن (اختیاری)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="94"/>
        <source>Enter the office&apos;s name.</source>
        <translation>نام دفتر را وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="98"/>
        <source>Enter a number from %1 to %2.</source>
        <translation>عددی از %1 تا %2 وارد کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="103"/>
        <source>Choose the province.</source>
        <translation>استان را انتخاب کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="105"/>
        <source>Enter the county.</source>
        <translation>شهرستان را وارد کنید.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="100"/>
        <source>Reset password</source>
        <translation>بازنشانی گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="102"/>
        <source>New password for %1</source>
        <translation>گذرواژه‌ی جدید برای %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="109"/>
        <source>New password</source>
        <translation>گذرواژه‌ی جدید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="110"/>
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
    <name>Printing</name>
    <message>
        <location filename="../../ui/printing.py" line="84"/>
        <source>The PDF could not be prepared for printing.</source>
        <translation>فایل PDF برای چاپ آماده نشد.</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="95"/>
        <source>The printer could not be started.</source>
        <translation>ارتباط با چاپگر برقرار نشد.</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="74"/>
        <source>The PDF could not be read.</source>
        <translation>فایل PDF خوانده نشد.</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="133"/>
        <source>Print</source>
        <translation>چاپ</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="154"/>
        <source>The file could not be saved: %1</source>
        <translation>فایل ذخیره نشد: %1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="165"/>
        <source>Save PDF</source>
        <translation>ذخیره‌ی PDF</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="165"/>
        <source>PDF files (*.pdf)</source>
        <translation>فایل‌های PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="208"/>
        <source>Print…</source>
        <translation>چاپ…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="213"/>
        <source>Save as PDF…</source>
        <translation>ذخیره به‌صورت PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="218"/>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="262"/>
        <source>receipt-%1</source>
        <translation>رسید-%1</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="272"/>
        <source>Receipt preview — %1</source>
        <translation>پیش‌نمایش رسید — %1</translation>
    </message>
</context>
<context>
    <name>RegistrationPage</name>
    <message>
        <location filename="../../ui/pages/registration.py" line="125"/>
        <source>Named</source>
        <translation>با نام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="126"/>
        <source>Anonymous</source>
        <translation>بی‌نام</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="127"/>
        <source>Confidential</source>
        <translation>محرمانه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="135"/>
        <source>The complainant gives no name; nothing identifying is recorded.</source>
        <translation>شاکی نام خود را اعلام نمی‌کند؛ هیچ اطلاعات هویتی ثبت نمی‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="138"/>
        <source>The name is recorded but shown only to inspectors and managers.</source>
        <translation>نام ثبت می‌شود، اما تنها برای بازرسان و مدیران نمایش داده می‌شود.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="143"/>
        <source>10 digits</source>
        <translation>۱۰ رقم</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="145"/>
        <source>e.g. 09121234567</source>
        <translation>مثلاً ۰۹۱۲۱۲۳۴۵۶۷</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="171"/>
        <source>Type part of the unit&apos;s name</source>
        <translation>بخشی از نام واحد را بنویسید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="180"/>
        <source>Choose a category</source>
        <translation>موضوع را انتخاب کنید</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="204"/>
        <source>What happened, where and when. Enter starts a new line; Ctrl+Enter saves.</source>
        <translation>چه رخ داده است، کجا و چه زمانی. کلید Enter سطر تازه‌ای آغاز می‌کند و Ctrl+Enter شکایت را ثبت می‌کند.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="210"/>
        <source>Complainant</source>
        <translation>مشخصات شاکی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="218"/>
        <source>Identity</source>
        <translation>هویت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="219"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="221"/>
        <source>National code</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="223"/>
        <source>Mobile</source>
        <translation>شماره‌ی همراه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="224"/>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="225"/>
        <source>County</source>
        <translation>شهرستان</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="227"/>
        <source>Complaint</source>
        <translation>مشخصات شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="229"/>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="230"/>
        <source>Unit complained about</source>
        <translation>واحد مورد شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="231"/>
        <source>Category</source>
        <translation>موضوع (شاخص)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="232"/>
        <source>Received through</source>
        <translation>شیوه‌ی دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="233"/>
        <source>Received on</source>
        <translation>تاریخ دریافت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="234"/>
        <source>Subject</source>
        <translation>عنوان شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="235"/>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="245"/>
        <source>The form you had not saved last time has been restored; check it and save.</source>
        <translation>فرمی که دفعه‌ی پیش ثبت نشده بود بازیابی شد؛ آن را بررسی و ثبت کنید.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="268"/>
        <source>Register (Ctrl+Enter)</source>
        <translation>ثبت (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="272"/>
        <source>Clear form</source>
        <translation>پاک کردن فرم</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="103"/>
        <source>Your role may not register complaints.</source>
        <translation>با نقش کاربری شما امکان ثبت شکایت وجود ندارد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="280"/>
        <source>Register a complaint</source>
        <translation>ثبت شکایت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="318"/>
        <source>Last registered complaint — tracking code:</source>
        <translation>آخرین شکایت ثبت‌شده — کد رهگیری:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="336"/>
        <source>Copy code</source>
        <translation>کپی کد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="338"/>
        <source>Print receipt…</source>
        <translation>چاپ رسید…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="340"/>
        <source>Save receipt as PDF…</source>
        <translation>ذخیره‌ی رسید به‌صورت PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/registration.py" line="502"/>
        <source>This is not a valid date; type it like 1405/09/02.</source>
        <translation>این تاریخ معتبر نیست؛ آن را به شکل ۱۴۰۵/۰۹/۰۲ وارد کنید.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/wizard.py" line="300"/>
        <source>Setting up Dadras</source>
        <translation>راه‌اندازی دادرس</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="303"/>
        <source>Next</source>
        <translation>بعدی</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="304"/>
        <source>Back</source>
        <translation>قبلی</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="305"/>
        <source>Finish</source>
        <translation>پایان</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="306"/>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="25"/>
        <source>Edit unit</source>
        <translation>ویرایش واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="25"/>
        <source>Add unit</source>
        <translation>افزودن واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="29"/>
        <source>Active (offered when registering)</source>
        <translation>فعال (در فرم ثبت شکایت قابل انتخاب است)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="33"/>
        <source>Name</source>
        <translation>نام واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="34"/>
        <source>Head&apos;s name</source>
        <translation>نام رئیس واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="35"/>
        <source>Head&apos;s title</source>
        <translation>سمت رئیس واحد</translation>
    </message>
</context>
<context>
    <name>UnitsPage</name>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="61"/>
        <source>Name</source>
        <translation>نام واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="61"/>
        <source>Head&apos;s name</source>
        <translation>نام رئیس واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="61"/>
        <source>Head&apos;s title</source>
        <translation>سمت رئیس واحد</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="62"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="63"/>
        <source>Add unit…</source>
        <translation>افزودن واحد…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_units.py" line="60"/>
        <source>Units</source>
        <translation>واحدها</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="37"/>
        <source>Edit user</source>
        <translation>ویرایش کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="37"/>
        <source>Add user</source>
        <translation>افزودن کاربر</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="48"/>
        <source>Active (may log in)</source>
        <translation>فعال (اجازه‌ی ورود دارد)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="54"/>
        <source>Username</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="55"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="56"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="58"/>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="59"/>
        <source>Repeat the password</source>
        <translation>تکرار گذرواژه</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="72"/>
        <source>The password must have at least %1 characters.</source>
        <translation>گذرواژه باید دست‌کم %1 نویسه داشته باشد.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="78"/>
        <source>The two passwords are not the same.</source>
        <translation>دو گذرواژه‌ی واردشده یکسان نیستند.</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="141"/>
        <source>Username</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="141"/>
        <source>Full name</source>
        <translation>نام و نام خانوادگی</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="141"/>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="142"/>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="142"/>
        <source>Last login</source>
        <translation>آخرین ورود</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="143"/>
        <source>Add user…</source>
        <translation>افزودن کاربر…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="134"/>
        <source>Reset password…</source>
        <translation>بازنشانی گذرواژه…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin_users.py" line="140"/>
        <source>Users</source>
        <translation>کاربران</translation>
    </message>
</context>
</TS>
