"""Sample producers, from /work/shared/context/cao-bang-facts.md (see docs/SAMPLE_DATA.md).

Real producers keep the names, places, people and facts the sources give; where the sources
name a product but not its maker, the producer gets a descriptive name (product and place) and
no invented person. Wholly fictional producers carry "(mẫu)" in their name and is_sample.
Worker counts, training dates and value-chain flags are illustrative everywhere.
"""
from __future__ import annotations

from datetime import date

SAMPLE_NOTE_VI = ("Dữ liệu mẫu: tên chủ thể là tên mô tả theo sản phẩm và nơi làm; thông tin liên hệ thật "
                  "chưa được xác minh.")
SAMPLE_NOTE_EN = ("Sample data: the producer's name describes the product and its place; the real business "
                  "details are not verified.")

# Scenes for generated producer pictures: key -> (vi words, en words).
SCENE_WORDS = {
    "village": ("nhà sàn dưới núi đá vôi", "stilt houses below limestone peaks"),
    "stone_village": ("nhà sàn đá dưới núi đá vôi", "stone stilt houses below limestone peaks"),
    "forge": ("lò rèn dưới núi đá vôi", "a forge below limestone peaks"),
    "tea": ("đồi chè trên núi cao", "rows of tea on a high mountain"),
    "waterfall": ("thác nước nhiều tầng giữa núi đá", "a tiered waterfall among limestone peaks"),
    "kitchen": ("gian bếp hun khói", "a smokehouse kitchen"),
    "fields": ("ruộng nương dưới núi đá vôi", "fields below limestone peaks"),
}


def _producer(slug, name, kind, locality, *, story_vi, excerpt_vi, story_en=None, excerpt_en=None,
              address=None, contact_name=None, founded=None, women_led=False, ethnic_group=None,
              identity_public=False, value_chain=False, workers=0, trained_workers=0, ocop_training_on=None,
              licence=None, is_sample=False, exact_point=None, photos=()):
    content = {"vi": {"story": story_vi, "excerpt": excerpt_vi}}
    if story_en:
        content["en"] = {"story": story_en, "excerpt": excerpt_en}
    return dict(
        slug=slug, name=name, kind=kind, locality=locality, address=address, contact_name=contact_name,
        founded=founded, women_led=women_led, ethnic_group=ethnic_group, identity_public=identity_public,
        value_chain=value_chain, workers=workers, trained_workers=trained_workers,
        ocop_training_on=ocop_training_on, licence=licence, is_sample=is_sample, exact_point=exact_point,
        photos=photos, content=content,
    )


PRODUCERS = (
    _producer(
        "co-so-ruou-ngo-cai-van", "Cơ sở rượu ngô Cải Vân", "household", "ha-quang",
        address="Hà Quảng, Cao Bằng", workers=4, trained_workers=1, ocop_training_on=date(2022, 4, 15),
        # Sample data: a licence number on record lets the office publish the liquor (ABV ≥ 5.5).
        licence=("DEMO-GPSX-RUOU-CB-0001", date(2030, 6, 30)), photos=("village",),
        excerpt_vi="Rượu ngô của vùng Hà Quảng, một trong bảy sản phẩm OCOP 3 sao cấp tỉnh của huyện cũ.",
        story_vi="Rượu ngô Cải Vân đến từ vùng Hà Quảng, phía bắc Cao Bằng, sát biên giới. Đây là một trong "
                 "bảy sản phẩm của sáu chủ thể ở huyện Hà Quảng cũ được công nhận OCOP 3 sao cấp tỉnh, cùng "
                 "rượu ngô Đinh Đông, khẩu sli Nà Giàng, lạc đỏ Lục Khu, lạp sườn lợn đen và Mế Farmstay.\n\n"
                 "Ở vùng núi đá Cao Bằng, ngô là cây lương thực chính, và rượu ngô nấu thủ công có mặt trong "
                 "ngày hội, đám cưới và bữa cơm đón khách.\n\n" + SAMPLE_NOTE_VI + " Số giấy phép sản xuất "
                 "rượu trong hệ thống là số minh họa (DEMO-…).",
        excerpt_en="Corn liquor from the Hà Quảng area, one of the former district's seven province-level "
                   "3-star OCOP products.",
        story_en="Cải Vân corn liquor comes from the Hà Quảng area in the north of Cao Bằng, on the border. It "
                 "is one of seven products from six producers of the former Hà Quảng district recognised as "
                 "3-star OCOP at province level, alongside Đinh Đông corn liquor, Nà Giàng khẩu sli, Lục Khu "
                 "red peanuts, black-pig sausage and Mế Farmstay.\n\n"
                 "In Cao Bằng's limestone mountains corn is the staple crop, and hand-distilled corn liquor "
                 "belongs to festivals, weddings and meals for guests.\n\n" + SAMPLE_NOTE_EN + " The liquor "
                 "production licence on record is an illustrative number (DEMO-…).",
    ),
    _producer(
        "htx-tam-hoa", "Hợp tác xã Tâm Hòa", "cooperative", "thuc-phan",
        address="Thục Phán, Cao Bằng (thành phố Cao Bằng cũ)", contact_name="Nguyễn Thanh Tâm",
        women_led=True, identity_public=True, value_chain=True, workers=15, trained_workers=5,
        ocop_training_on=date(2021, 9, 20), photos=("kitchen", "village"),
        excerpt_vi="Lạp sườn hun khói OCOP 4 sao của hợp tác xã do chị Nguyễn Thanh Tâm làm giám đốc.",
        story_vi="Hợp tác xã Tâm Hòa ở thành phố Cao Bằng cũ (nay là phường Thục Phán) do chị Nguyễn Thanh "
                 "Tâm làm giám đốc. Hợp tác xã làm lạp sườn và thịt lợn hun khói – những món quen thuộc của "
                 "vùng núi Cao Bằng.\n\nNăm 2023, lạp sườn Tâm Hòa được công nhận OCOP 4 sao, một trong bốn "
                 "sản phẩm 4 sao mới của tỉnh năm đó. Lạp sườn, thịt xông khói và thịt lợn đen sấy khô là "
                 "những món được nhiều người tìm mua ở hội chợ OCOP của tỉnh.",
        excerpt_en="4-star OCOP smoked sausage from a cooperative led by Ms Nguyễn Thanh Tâm.",
        story_en="Tâm Hòa Cooperative, in the former Cao Bằng city (now Thục Phán ward), is led by its "
                 "director, Ms Nguyễn Thanh Tâm. It makes sausage and smoked pork, familiar foods of the Cao "
                 "Bằng highlands.\n\nIn 2023 Tâm Hòa sausage was recognised as 4-star OCOP, one of the "
                 "province's four new 4-star products that year. Sausage, smoked pork and dried black pork "
                 "are among the most sought-after foods at the provincial OCOP fair.",
    ),
    _producer(
        "htx-nong-san-tan-viet-a", "Hợp tác xã Nông sản Tân Việt Á", "cooperative", "minh-tam",
        address="Minh Tâm, Cao Bằng (huyện Nguyên Bình cũ)", value_chain=True, workers=20, trained_workers=6,
        ocop_training_on=date(2020, 6, 10), photos=("fields",),
        excerpt_vi="Miến dong từ 3 sao (2020) lên 4 sao (2023), đã xuất khẩu sang Hoa Kỳ.",
        story_vi="Hợp tác xã ở xã Minh Tâm (huyện Nguyên Bình cũ) làm miến từ củ dong riềng. Miến dong Tân "
                 "Việt Á đạt OCOP 3 sao năm 2020, rồi được đánh giá lại và nâng lên 4 sao năm 2023. Năm 2025, "
                 "hợp tác xã xuất khẩu 4 tấn miến sang Hoa Kỳ.",
        excerpt_en="Arrowroot vermicelli that rose from 3 stars (2020) to 4 stars (2023) and is exported to the USA.",
        story_en="This cooperative in Minh Tâm commune (former Nguyên Bình district) makes vermicelli from "
                 "arrowroot (canna) starch. Tân Việt Á vermicelli was rated 3-star OCOP in 2020, then "
                 "re-assessed and raised to 4 stars in 2023. In 2025 the cooperative exported 4 tonnes to "
                 "the United States.",
    ),
    _producer(
        "cong-ty-kolia", "Công ty TNHH Kolia", "enterprise", "thanh-cong",
        address="Thành Công, Cao Bằng (huyện Nguyên Bình cũ)", value_chain=True, workers=25, trained_workers=8,
        ocop_training_on=date(2021, 3, 15), photos=("tea",),
        excerpt_vi="Chè hữu cơ trên vùng núi Phja Đén; hai dòng trà OCOP 4 sao.",
        story_vi="Công ty Kolia trồng và chế biến chè hữu cơ trên vùng núi Phja Đén, xã Thành Công (huyện "
                 "Nguyên Bình cũ). Hai dòng trà Kolia Danh Trà và Đỉnh Trà đạt OCOP 4 sao; chè Kolia đã được "
                 "xuất khẩu với giá khoảng 1 triệu đồng mỗi kilôgam.",
        excerpt_en="Organic tea from the Phja Đén mountains; two 4-star OCOP teas.",
        story_en="Kolia grows and processes organic tea in the Phja Đén mountains, Thành Công commune (former "
                 "Nguyên Bình district). Its Danh Trà and Đỉnh Trà teas are rated 4-star OCOP, and Kolia tea "
                 "has been exported at about 1 million đồng per kilogram.",
    ),
    _producer(
        "ho-lam-mien-dong-phja-den", "Hộ làm miến dong Phja Đén", "household", "thanh-cong",
        address="Phja Đén, Thành Công, Cao Bằng", workers=5,
        excerpt_vi="Miến của làng nghề truyền thống Phja Đén, khoảng 97 hộ làm miến.",
        story_vi="Làng Phja Đén, xã Thành Công, có khoảng 97 hộ làm miến dong, mỗi năm làm chừng 200 tấn. "
                 "Làng được công nhận làng nghề truyền thống năm 2023. Vì miến Phja Đén có tiếng nên ngoài "
                 "thị trường có nhiều hàng mạo danh; hãy mua ở nơi rõ nguồn gốc.\n\n"
                 "Chúng tôi chưa xác minh được hạng sao OCOP của miến Phja Đén, nên cửa hàng không gắn huy "
                 "hiệu. " + SAMPLE_NOTE_VI,
        excerpt_en="Vermicelli from the Phja Đén traditional craft village, about 97 households.",
        story_en="Phja Đén village, in Thành Công commune, has about 97 households making arrowroot "
                 "vermicelli, some 200 tonnes a year. It was recognised as a traditional craft village in "
                 "2023. Because Phja Đén vermicelli is well known, fakes under its name are common: buy where "
                 "the origin is clear.\n\nWe could not verify an OCOP star rating for Phja Đén vermicelli, so "
                 "the shop shows no badge. " + SAMPLE_NOTE_EN,
    ),
    _producer(
        "co-so-thach-den-le-thuy", "Cơ sở thạch đen Lê Thùy", "household", "dong-khe",
        address="Đông Khê, Cao Bằng (huyện Thạch An cũ)", contact_name="Nông Thị Lệ Thùy", women_led=True,
        workers=6, trained_workers=2, ocop_training_on=date(2020, 5, 20),
        excerpt_vi="Thạch đen của vùng Thạch An, OCOP 3 sao năm 2020.",
        story_vi="Chị Nông Thị Lệ Thùy làm thạch đen ở Đông Khê (huyện Thạch An cũ), vùng trồng cây thạch đen "
                 "lớn của Cao Bằng. Thạch đen Lê Thùy được công nhận OCOP 3 sao năm 2020, góp phần đưa thạch "
                 "đen Thạch An ra thị trường cả nước.",
        excerpt_en="Grass jelly from Thạch An, 3-star OCOP in 2020.",
        story_en="Ms Nông Thị Lệ Thùy makes grass jelly in Đông Khê (former Thạch An district), Cao Bằng's "
                 "main grass-jelly country. Lê Thùy grass jelly was rated 3-star OCOP in 2020, part of the "
                 "effort to bring Thạch An grass jelly to the whole country.",
    ),
    _producer(
        "co-so-mat-ong-doan-linh", "Cơ sở mật ong Đoàn Linh", "household", "minh-tam",
        address="Minh Tâm, Cao Bằng (huyện Nguyên Bình cũ)", contact_name="Ma Thị Kim Oanh", women_led=True,
        workers=4, trained_workers=2, ocop_training_on=date(2021, 8, 10),
        excerpt_vi="Mật ong của chị Ma Thị Kim Oanh, 2.000–3.000 lít mỗi năm, OCOP 3 sao.",
        story_vi="Chị Ma Thị Kim Oanh nuôi ong ở xã Minh Tâm (huyện Nguyên Bình cũ), mỗi năm thu khoảng "
                 "2.000–3.000 lít mật; nghề ong cho gia đình và bà con nuôi ong thu nhập ổn định. Mật ong Đoàn "
                 "Linh được công nhận OCOP 3 sao (các nguồn ghi năm 2021 hoặc 2023).",
        excerpt_en="Honey from Ms Ma Thị Kim Oanh's bees, 2,000–3,000 litres a year, 3-star OCOP.",
        story_en="Ms Ma Thị Kim Oanh keeps bees in Minh Tâm commune (former Nguyên Bình district) and takes "
                 "about 2,000–3,000 litres of honey a year, a steady income for her family and the beekeepers "
                 "she works with. Đoàn Linh honey is rated 3-star OCOP (sources give 2021 or 2023).",
    ),
    _producer(
        "dntn-668-bao-lam", "Doanh nghiệp tư nhân 668 Bảo Lâm", "enterprise", "xuan-truong",
        address="Xuân Trường, Cao Bằng (huyện Bảo Lạc cũ)", value_chain=True, workers=10, trained_workers=3,
        ocop_training_on=date(2020, 3, 10), photos=("fields",),
        excerpt_vi="Gạo nếp hương của vùng Xuân Trường, Khánh Xuân, OCOP 3 sao năm 2020.",
        story_vi="Doanh nghiệp chế biến gạo nếp hương của vùng Xuân Trường và Khánh Xuân (huyện Bảo Lạc cũ). "
                 "Gạo nếp hương Bảo Lạc đạt OCOP 3 sao năm 2020. Thóc nếp hương ở đây có giá khoảng 20.000 "
                 "đồng/kg.",
        excerpt_en="Fragrant sticky rice from Xuân Trường and Khánh Xuân, 3-star OCOP in 2020.",
        story_en="A private enterprise that processes the fragrant sticky rice of Xuân Trường and Khánh Xuân "
                 "(former Bảo Lạc district). Bảo Lạc fragrant sticky rice was rated 3-star OCOP in 2020. The "
                 "paddy here sells for about 20,000 đồng per kilogram.",
    ),
    _producer(
        "htx-khau-sli-na-giang", "Hợp tác xã Khẩu Sli thương mại dịch vụ Nà Giàng", "cooperative", "ngoc-dao",
        address="Ngọc Đào, Cao Bằng (huyện Hà Quảng cũ)", workers=8, trained_workers=2,
        ocop_training_on=date(2021, 10, 5),
        excerpt_vi="Khẩu sli – bánh truyền thống của người Tày, Nùng – OCOP 3 sao cấp tỉnh.",
        story_vi="Hợp tác xã ở Ngọc Đào (huyện Hà Quảng cũ) làm khẩu sli, thứ bánh truyền thống của người "
                 "Tày, Nùng làm từ gạo nếp, đường mạch nha và lạc. Khẩu sli Nà Giàng là một trong bảy sản phẩm "
                 "của vùng Hà Quảng được công nhận OCOP 3 sao cấp tỉnh.",
    ),
    _producer(
        "tho-cam-tay-nong-thi-thuoc", "Thổ cẩm Tày – nghệ nhân Nông Thị Thược", "household", "ngoc-dao",
        address="Ngọc Đào, Cao Bằng (huyện Hà Quảng cũ)", contact_name="Nông Thị Thược", women_led=True,
        ethnic_group="Tày", identity_public=True, workers=3, trained_workers=1, ocop_training_on=date(2023, 5, 12),
        excerpt_vi="Nghệ nhân người Tày giữ nghề dệt thổ cẩm ở Ngọc Đào.",
        story_vi="Nghệ nhân Nông Thị Thược là người Tày ở Ngọc Đào (huyện Hà Quảng cũ), nơi người Tày còn giữ "
                 "nghề dệt thổ cẩm. Thổ cẩm Tày thường dệt hoa văn hình thoi, răng cưa và ngôi sao tám cánh "
                 "trên nền chàm.\n\nThổ cẩm chưa có chứng nhận OCOP. Sản phẩm và giá trong cửa hàng mẫu là "
                 "minh họa.",
        excerpt_en="A Tày artisan keeping brocade weaving alive in Ngọc Đào.",
        story_en="Artisan Nông Thị Thược is Tày, from Ngọc Đào (former Hà Quảng district), where Tày women "
                 "still weave brocade. Tày brocade is typically woven with diamonds, zigzags and eight-point "
                 "stars on an indigo ground.\n\nThe brocade is not OCOP-certified. Items and prices in this "
                 "sample shop are illustrative.",
    ),
    _producer(
        "lo-ren-nong-son-phuc-sen", "Lò rèn Nông Sơn – Phúc Sen", "household", "phuc-sen",
        address="xóm Phia Chang, Phúc Sen (huyện Quảng Hòa cũ)", ethnic_group="Nùng An", workers=3,
        trained_workers=1, ocop_training_on=date(2021, 4, 20), photos=("forge",),
        excerpt_vi="Dao rèn thủ công của làng rèn Phúc Sen, OCOP 3 sao năm 2021.",
        story_vi="Lò rèn ở xóm Phia Chang thuộc làng rèn Phúc Sen – làng nghề của người Nùng An với khoảng "
                 "140–160 lò rèn. Dao Nông Sơn Phúc Sen được công nhận OCOP 3 sao năm 2021. Ở làng, dao rèn "
                 "thường có giá từ 15.000 đến 140.000 đồng, rìu từ 120.000 đến 180.000 đồng.\n\n" + SAMPLE_NOTE_VI,
        excerpt_en="Hand-forged knives from the Phúc Sen blacksmiths' village, 3-star OCOP in 2021.",
        story_en="A forge in Phia Chang hamlet, in Phúc Sen – the Nùng An blacksmiths' village with some "
                 "140–160 forges. Nông Sơn Phúc Sen knives were rated 3-star OCOP in 2021. In the village, "
                 "knives usually cost 15,000–140,000 đồng and axes 120,000–180,000 đồng.\n\n" + SAMPLE_NOTE_EN,
    ),
    _producer(
        "htx-minh-tuan", "Hợp tác xã Minh Tuấn", "cooperative", "phuc-sen",
        address="Phúc Sen (huyện Quảng Hòa cũ)", workers=12, trained_workers=4, ocop_training_on=date(2022, 6, 1),
        excerpt_vi="Hợp tác xã của làng rèn Phúc Sen.",
        story_vi="Hợp tác xã của làng rèn Phúc Sen, làm dao và rìu rèn tay. Nguồn tin nhắc dao Minh Tuấn là "
                 "sản phẩm OCOP nhưng không ghi hạng sao, nên cửa hàng không gắn huy hiệu cho tới khi xác minh "
                 "được chứng nhận.",
        excerpt_en="A cooperative of the Phúc Sen blacksmiths' village.",
        story_en="A cooperative of the Phúc Sen blacksmiths' village making hand-forged knives and axes. A "
                 "source mentions Minh Tuấn knives as an OCOP product without giving a star rating, so the "
                 "shop shows no badge until the certificate is verified.",
    ),
    _producer(
        "ho-lam-huong-phja-thap", "Hộ làm hương Phja Thắp", "household", "phja-thap",
        address="Phja Thắp (huyện Quảng Hòa cũ)", ethnic_group="Nùng An", workers=4,
        excerpt_vi="Hương thủ công của làng hương trăm tuổi Phja Thắp.",
        story_vi="Phja Thắp là làng hương trăm tuổi của người Nùng An: cả 53 hộ trong làng đều làm hương, và "
                 "làng đang làm du lịch cộng đồng. Hương Phja Thắp chưa được xác minh là sản phẩm OCOP.\n\n"
                 + SAMPLE_NOTE_VI,
        excerpt_en="Handmade incense from the century-old Phja Thắp incense village.",
        story_en="Phja Thắp is a century-old Nùng An incense village: all 53 households make incense, and the "
                 "village now welcomes community tourism. Phja Thắp incense is not verified as an OCOP "
                 "product.\n\n" + SAMPLE_NOTE_EN,
    ),
    _producer(
        "lans-homestay", "Lan's Homestay", "household", "dam-thuy",
        address="Đàm Thủy, Cao Bằng (huyện Trùng Khánh cũ)", contact_name="Hoàng Thị Lan", women_led=True,
        ethnic_group="Nùng", identity_public=True, workers=8, trained_workers=3, ocop_training_on=date(2021, 11, 15),
        photos=("waterfall",),
        excerpt_vi="Homestay của chị Hoàng Thị Lan gần thác Bản Giốc, homestay duy nhất đạt OCOP 4 sao.",
        story_vi="Chị Hoàng Thị Lan, người Nùng, làm chủ Lan's Homestay ở xã Đàm Thủy, gần thác Bản Giốc. "
                 "Homestay đón được tới 70 khách và là homestay duy nhất của tỉnh đạt OCOP 4 sao. Từ đây, "
                 "khách dễ dàng đến thác Bản Giốc, động Ngườm Ngao và làng đá Khuổi Ky.",
        excerpt_en="Ms Hoàng Thị Lan's homestay near Bản Giốc waterfall, the only 4-star OCOP homestay.",
        story_en="Ms Hoàng Thị Lan, who is Nùng, runs Lan's Homestay in Đàm Thủy commune, near Bản Giốc "
                 "waterfall. It welcomes up to 70 guests and is the province's only 4-star OCOP homestay. "
                 "Bản Giốc waterfall, Ngườm Ngao cave and the Khuổi Ky stone village are all close by.",
    ),
    _producer(
        "yen-nhi-ban-gioc-homestay", "Yến Nhi – Bản Giốc Homestay", "household", "khuoi-ky",
        address="làng đá Khuổi Ky, Đàm Thủy, Cao Bằng", contact_name="Lý Thị Điệp", founded=2016,
        women_led=True, ethnic_group="Tày", identity_public=True, workers=5, trained_workers=2,
        ocop_training_on=date(2022, 3, 8), exact_point=(22.845, 106.705), photos=("stone_village",),
        excerpt_vi="Homestay đầu tiên của làng đá Khuổi Ky, mở năm 2016.",
        story_vi="Chị Lý Thị Điệp và anh Triệu Ích Sỹ, người Tày ở làng đá Khuổi Ky, mở homestay đầu tiên "
                 "của làng năm 2016. Khuổi Ky có những ngôi nhà sàn đá trăm tuổi và được công nhận làng cổ "
                 "truyền thống năm 2008. Homestay có phòng nghỉ trong hang đá, giá khoảng 1 triệu đồng một "
                 "đêm.\n\nNguồn tin nhắc homestay là sản phẩm OCOP nhưng không ghi hạng sao, nên cửa hàng "
                 "không gắn huy hiệu.",
        excerpt_en="The first homestay of the Khuổi Ky stone village, opened in 2016.",
        story_en="Ms Lý Thị Điệp and Mr Triệu Ích Sỹ, who are Tày, opened the first homestay of the Khuổi Ky "
                 "stone village in 2016. Khuổi Ky has century-old stone stilt houses and was recognised as a "
                 "traditional village in 2008. The homestay has a room in a rock cave, about 1 million đồng "
                 "a night.\n\nA source lists the homestay as an OCOP product without a star rating, so the "
                 "shop shows no badge.",
    ),
    _producer(
        "me-farmstay", "Mế Farmstay", "household", "truong-ha",
        address="xóm Nà Mạ, Trường Hà, Cao Bằng (huyện Hà Quảng cũ)", founded=2022, workers=6,
        trained_workers=2, ocop_training_on=date(2022, 9, 10),
        excerpt_vi="Farmstay ở xóm Nà Mạ gần Pác Bó, mở năm 2022, OCOP 3 sao cấp tỉnh.",
        story_vi="Mế Farmstay ở xóm Nà Mạ, xã Trường Hà (huyện Hà Quảng cũ), không xa khu di tích Pác Bó. "
                 "Farmstay mở cửa năm 2022 và được công nhận OCOP 3 sao cấp tỉnh.",
        excerpt_en="A farmstay in Nà Mạ hamlet near Pác Bó, opened in 2022, 3-star OCOP at province level.",
        story_en="Mế Farmstay is in Nà Mạ hamlet, Trường Hà commune (former Hà Quảng district), not far from "
                 "the Pác Bó relic site. It opened in 2022 and is rated 3-star OCOP at province level.",
    ),
    _producer(
        "htx-ba-sach-hung-dao", "Hợp tác xã Ba Sạch Hưng Đạo", "cooperative", "thuc-phan",
        address="Hưng Đạo cũ, phường Thục Phán, Cao Bằng", workers=9, trained_workers=3,
        ocop_training_on=date(2022, 2, 20),
        excerpt_vi="Bún khô của hợp tác xã ở Hưng Đạo.",
        story_vi="Hợp tác xã ở Hưng Đạo (nay thuộc phường Thục Phán) làm bún khô. Nguồn tin nhắc bún khô Ba "
                 "Sạch là sản phẩm OCOP nhưng không ghi hạng sao, nên cửa hàng không gắn huy hiệu.",
    ),
    # Fictional producers: invented for the demo, marked "(mẫu)" and is_sample.
    _producer(
        "to-hop-tac-hat-de-ban-khay-mau", "Tổ hợp tác hạt dẻ Bản Khay (mẫu)", "coop_group", "ban-khay",
        address="Bản Khay (huyện Trùng Khánh cũ)", ethnic_group="Tày", value_chain=True, workers=7,
        trained_workers=2, ocop_training_on=date(2023, 3, 1), is_sample=True, photos=("fields",),
        excerpt_vi="Chủ thể hư cấu (mẫu) bán hạt dẻ và gạo nếp ong – hai đặc sản có thật của Trùng Khánh.",
        story_vi="Đây là chủ thể hư cấu của dữ liệu mẫu, dùng để bày bán hạt dẻ và gạo nếp ong – hai đặc sản "
                 "có thật của vùng Trùng Khánh.\n\nHạt dẻ Trùng Khánh có chỉ dẫn địa lý từ năm 2014 nhưng "
                 "chúng tôi chưa xác minh được hạng sao OCOP. Cả vùng chỉ thu chừng 20 tấn mỗi năm; ở chợ địa "
                 "phương, hạt dẻ Trùng Khánh có giá khoảng 80.000–100.000 đồng/kg, còn hạt dẻ Trung Quốc giá "
                 "50.000–60.000 đồng/kg thường bị bán lẫn dưới tên Trùng Khánh.",
        excerpt_en="A fictional (sample) producer selling chestnuts and bee sticky rice, two real Trùng Khánh "
                   "specialties.",
        story_en="This is a fictional producer of the sample data, used to list chestnuts and 'bee' sticky "
                 "rice, two real specialties of the Trùng Khánh area.\n\nTrùng Khánh chestnuts have a "
                 "geographical indication since 2014, but we could not verify an OCOP star rating. The whole "
                 "area yields only about 20 tonnes a year; local markets charge about 80,000–100,000 đồng/kg, "
                 "while Chinese chestnuts at 50,000–60,000 đồng/kg are often sold under the Trùng Khánh name.",
    ),
    _producer(
        "htx-duoc-lieu-phja-oac-mau", "HTX Dược liệu Phja Oắc (mẫu)", "cooperative", "thanh-cong",
        address="Thành Công (huyện Nguyên Bình cũ)", women_led=True, ethnic_group="Dao", identity_public=True,
        value_chain=True, workers=11, trained_workers=4, ocop_training_on=date(2022, 10, 18), is_sample=True,
        excerpt_vi="Hợp tác xã hư cấu (mẫu) minh họa nhóm thảo dược và một chứng nhận 5 sao.",
        story_vi="Đây là hợp tác xã hư cấu của dữ liệu mẫu. Nó bày bán trà giảo cổ lam – loại trà có thật, "
                 "được Cao Bằng giới thiệu tại hội chợ năm 2025, chưa xác minh được chứng nhận OCOP – và một "
                 "sản phẩm hư cấu mang chứng nhận 5 sao cấp quốc gia để minh họa giao diện. Cao Bằng hiện chưa "
                 "có sản phẩm OCOP 5 sao nào.",
        excerpt_en="A fictional (sample) cooperative showing the herbal group and a 5-star certificate.",
        story_en="This is a fictional cooperative of the sample data. It lists gynostemma tea – a real tea "
                 "that Cao Bằng showed at a 2025 fair, with no verified OCOP certificate – and a fictional "
                 "product with a national 5-star certificate to show how the shop displays one. Cao Bằng has "
                 "no 5-star OCOP product yet.",
    ),
    _producer(
        "cong-ty-dac-san-non-nuoc-mau", "Công ty Đặc sản Non Nước (mẫu)", "enterprise", "thuc-phan",
        address="Thục Phán, Cao Bằng", workers=14, trained_workers=2, is_sample=True,
        excerpt_vi="Công ty hư cấu (mẫu) minh họa chứng nhận hết hạn và bị thu hồi.",
        story_vi="Đây là công ty hư cấu của dữ liệu mẫu. Một sản phẩm của công ty có chứng nhận đã hết hạn, "
                 "một sản phẩm có chứng nhận bị thu hồi, để minh họa cách cửa hàng hiển thị những trường hợp "
                 "này: không có huy hiệu, và trang ghi rõ “hết hạn” hoặc “bị thu hồi”.",
        excerpt_en="A fictional (sample) company showing an expired and a revoked certificate.",
        story_en="This is a fictional company of the sample data. One of its products has an expired "
                 "certificate and one a revoked certificate, to show how the shop handles them: no badge, and "
                 "the page says plainly \"expired\" or \"revoked\".",
    ),
)
