"""Sample localities, from /work/shared/context/cao-bang-facts.md §2 (see docs/SAMPLE_DATA.md).

The 2025 reform: districts were abolished on 2025-07-01. A locality carries its post-2025
commune or ward name, and `former_area` says where it belonged before (the old district or,
for a village whose new commune is not verified, the old commune and district). Coordinates are
approximate (±3–5 km); those the facts sheet does not give are our estimates and say so.
"""
from __future__ import annotations

# (slug, name, kind, parent slug, former_area, lat, lon, {lang: {description, sights}})
LOCALITIES = (
    ("thuc-phan", "Thục Phán", "ward", None, "thành phố Cao Bằng", 22.666, 106.258, {
        "vi": {
            "description": "Phường trung tâm của tỉnh, lập khi sắp xếp đơn vị hành chính năm 2025 từ các "
                           "phường Hợp Giang, Sông Hiến, Đề Thám, Hưng Đạo và xã Hoàng Tung của thành phố "
                           "Cao Bằng cũ. Quảng trường Km5 (phường Đề Thám cũ) là nơi tỉnh tổ chức hội chợ "
                           "xúc tiến thương mại sản phẩm OCOP hằng năm.",
            "sights": ["Quảng trường Km5 – hội chợ OCOP của tỉnh (năm 2023: 7–11/10, 260 gian hàng; "
                       "năm 2024 khai mạc ngày 1/11)"],
        },
        "en": {
            "description": "The province's central ward, formed in the 2025 reorganisation from Hợp Giang, "
                           "Sông Hiến, Đề Thám and Hưng Đạo wards and Hoàng Tung commune of the former Cao "
                           "Bằng city. The Km5 square (former Đề Thám ward) hosts the province's yearly OCOP "
                           "trade fair.",
            "sights": ["Km5 square – the provincial OCOP fair (2023: 7–11 October, 260 booths; "
                       "2024: opened on 1 November)"],
        },
    }),
    ("truong-ha", "Trường Hà", "commune", None, "huyện Hà Quảng", 22.98, 106.05, {
        "vi": {
            "description": "Xã biên giới phía bắc, nơi có Khu di tích quốc gia đặc biệt Pác Bó – nơi Chủ "
                           "tịch Hồ Chí Minh về nước năm 1941 và lập căn cứ cách mạng. Xóm Nà Mạ có Mế "
                           "Farmstay, mở cửa năm 2022.",
            "sights": ["Khu di tích Pác Bó (di tích quốc gia đặc biệt từ năm 2012)", "Xóm Nà Mạ – Mế Farmstay"],
        },
        "en": {
            "description": "A northern border commune, home of the Pác Bó special national relic site, where "
                           "Hồ Chí Minh returned to Vietnam in 1941 and set up his revolutionary base. Nà Mạ "
                           "hamlet has Mế Farmstay, opened in 2022.",
            "sights": ["Pác Bó relic site (special national relic since 2012)", "Nà Mạ hamlet – Mế Farmstay"],
        },
    }),
    ("ha-quang", "Hà Quảng", "commune", None, "huyện Hà Quảng", 22.91, 106.09, {
        "vi": {
            "description": "Xã mang tên huyện Hà Quảng cũ. Vùng Hà Quảng có bảy sản phẩm OCOP 3 sao cấp "
                           "tỉnh, trong đó có rượu ngô Cải Vân, rượu ngô Đinh Đông, khẩu sli Nà Giàng, lạc đỏ "
                           "Lục Khu và lạp sườn lợn đen. Vị trí trên bản đồ là ước lượng của chúng tôi.",
            "sights": [],
        },
        "en": {
            "description": "A commune named after the former Hà Quảng district. The Hà Quảng area has seven "
                           "province-level 3-star OCOP products, among them Cải Vân and Đinh Đông corn liquor, "
                           "Nà Giàng khẩu sli, Lục Khu red peanuts and black-pig sausage. The map position is "
                           "our own estimate.",
            "sights": [],
        },
    }),
    ("ngoc-dao", "Ngọc Đào", "village", None, "xã Ngọc Đào, huyện Hà Quảng", 22.89, 106.11, {
        "vi": {
            "description": "Vùng người Tày còn giữ nghề dệt thổ cẩm, quê của khẩu sli Nà Giàng. Tên xã mới "
                           "sau sắp xếp năm 2025 chưa được xác minh trong dữ liệu mẫu; vị trí trên bản đồ là "
                           "ước lượng.",
            "sights": ["Nghề dệt thổ cẩm Tày"],
        },
        "en": {
            "description": "A Tày area that keeps its brocade weaving, and home of Nà Giàng khẩu sli. The name "
                           "of its commune after the 2025 reform is not verified in this sample data; the map "
                           "position is an estimate.",
            "sights": ["Tày brocade weaving"],
        },
    }),
    ("thanh-cong", "Thành Công", "commune", None, "huyện Nguyên Bình", 22.583, 105.883, {
        "vi": {
            "description": "Xã vùng cao dưới chân Phja Oắc – Phja Đén. Làng miến dong Phja Đén (khoảng 97 "
                           "hộ, chừng 200 tấn miến mỗi năm) được công nhận làng nghề truyền thống năm 2023; "
                           "trên núi có vùng chè hữu cơ của Công ty Kolia.",
            "sights": ["Vườn quốc gia Phja Oắc – Phja Đén (đỉnh cao 1.931 m)", "Những biệt thự Pháp cổ trên núi",
                       "Băng giá, có năm có tuyết vào mùa đông", "Làng nghề miến dong Phja Đén"],
        },
        "en": {
            "description": "A highland commune at the foot of Phja Oắc – Phja Đén. The Phja Đén arrowroot "
                           "vermicelli village (about 97 households, some 200 tonnes a year) became a "
                           "traditional craft village in 2023; Kolia grows organic tea on the mountain.",
            "sights": ["Phja Oắc – Phja Đén National Park (peak 1,931 m)", "Old French villas on the mountain",
                       "Frost, and some years snow, in winter", "Phja Đén vermicelli craft village"],
        },
    }),
    ("minh-tam", "Minh Tâm", "commune", None, "huyện Nguyên Bình", 22.64, 105.98, {
        "vi": {
            "description": "Xã của huyện Nguyên Bình cũ, quê của miến dong Tân Việt Á (4 tấn xuất khẩu sang "
                           "Hoa Kỳ năm 2025) và mật ong Đoàn Linh. Vị trí trên bản đồ là ước lượng.",
            "sights": [],
        },
        "en": {
            "description": "A commune of the former Nguyên Bình district, home of Tân Việt Á arrowroot "
                           "vermicelli (4 tonnes exported to the USA in 2025) and Đoàn Linh honey. The map "
                           "position is an estimate.",
            "sights": [],
        },
    }),
    ("dam-thuy", "Đàm Thủy", "commune", None, "huyện Trùng Khánh", 22.855, 106.722, {
        "vi": {
            "description": "Xã biên giới vẫn giữ tên sau sắp xếp năm 2025, nay có 33 xóm. Nơi có thác Bản "
                           "Giốc, động Ngườm Ngao và làng đá Khuổi Ky.",
            "sights": ["Thác Bản Giốc – thác biên giới rộng khoảng 200 m",
                       "Động Ngườm Ngao – dài 2.144 m, cách thác khoảng 3 km", "Làng đá Khuổi Ky của người Tày"],
        },
        "en": {
            "description": "A border commune that kept its name in the 2025 reform; it now has 33 hamlets. "
                           "Home of Bản Giốc waterfall, Ngườm Ngao cave and the Khuổi Ky stone village.",
            "sights": ["Bản Giốc waterfall – a border waterfall about 200 m wide",
                       "Ngườm Ngao cave – 2,144 m long, about 3 km from the falls", "Khuổi Ky, a Tày stone village"],
        },
    }),
    ("khuoi-ky", "Khuổi Ky", "village", "dam-thuy", "xã Đàm Thủy, huyện Trùng Khánh", 22.845, 106.705, {
        "vi": {
            "description": "Làng nhà sàn đá của người Tày, được công nhận làng cổ truyền thống năm 2008. "
                           "Homestay đầu tiên của làng mở năm 2016; du lịch cộng đồng đã giúp làng thoát nghèo.",
            "sights": ["Những ngôi nhà sàn đá trăm tuổi", "Gần thác Bản Giốc và động Ngườm Ngao"],
        },
        "en": {
            "description": "A Tày village of stone stilt houses, recognised as a traditional village in 2008. "
                           "Its first homestay opened in 2016; community tourism has lifted the village out "
                           "of poverty.",
            "sights": ["Century-old stone stilt houses", "Close to Bản Giốc waterfall and Ngườm Ngao cave"],
        },
    }),
    ("ban-khay", "Bản Khay", "village", None, "huyện Trùng Khánh", 22.83, 106.52, {
        "vi": {
            "description": "Vườn hạt dẻ có cây di sản khoảng 120 tuổi. Hạt dẻ Trùng Khánh có chỉ dẫn địa lý "
                           "từ năm 2014; cả vùng chỉ có khoảng 224–240 ha và thu chừng 20 tấn mỗi năm. Tên xã "
                           "mới sau năm 2025 chưa được xác minh.",
            "sights": ["Cây hạt dẻ di sản khoảng 120 tuổi"],
        },
        "en": {
            "description": "A chestnut garden with a heritage tree about 120 years old. Trùng Khánh chestnuts "
                           "have a geographical indication since 2014; the whole area has only about "
                           "224–240 ha and yields some 20 tonnes a year. The post-2025 commune is not verified.",
            "sights": ["Heritage chestnut tree, about 120 years old"],
        },
    }),
    ("phuc-sen", "Phúc Sen", "village", None, "xã Phúc Sen, huyện Quảng Hòa", 22.73, 106.40, {
        "vi": {
            "description": "Làng rèn của người Nùng An với khoảng 140–160 lò rèn, làm dao, rìu và nông cụ. "
                           "Tên xã mới sau sắp xếp năm 2025 chưa được xác minh trong dữ liệu mẫu.",
            "sights": ["Các lò rèn ở xóm Phia Chang"],
        },
        "en": {
            "description": "A Nùng An blacksmiths' village with some 140–160 forges making knives, axes and "
                           "farm tools. Its commune after the 2025 reform is not verified in this sample data.",
            "sights": ["The forges of Phia Chang hamlet"],
        },
    }),
    ("phja-thap", "Phja Thắp", "village", None, "huyện Quảng Hòa", 22.74, 106.38, {
        "vi": {
            "description": "Làng hương trăm tuổi của người Nùng An: cả 53 hộ trong làng đều làm hương, nay "
                           "làng làm thêm du lịch cộng đồng. Tên xã mới sau năm 2025 chưa được xác minh.",
            "sights": ["Làng làm hương thủ công"],
        },
        "en": {
            "description": "A century-old Nùng An incense village: all 53 households make incense, and the "
                           "village now welcomes community tourism. The post-2025 commune is not verified.",
            "sights": ["Handmade incense village"],
        },
    }),
    ("dong-khe", "Đông Khê", "commune", None, "huyện Thạch An", 22.43, 106.43, {
        "vi": {
            "description": "Xã trung tâm của huyện Thạch An cũ, vùng thạch đen nổi tiếng của Cao Bằng.",
            "sights": [],
        },
        "en": {
            "description": "The central commune of the former Thạch An district, Cao Bằng's grass-jelly country.",
            "sights": [],
        },
    }),
    ("xuan-truong", "Xuân Trường", "commune", None, "huyện Bảo Lạc", 22.95, 105.68, {
        "vi": {
            "description": "Xã vùng cao của huyện Bảo Lạc cũ; cùng Khánh Xuân là vùng gạo nếp hương Bảo Lạc. "
                           "Vị trí trên bản đồ lấy theo khu vực Bảo Lạc, là ước lượng.",
            "sights": [],
        },
        "en": {
            "description": "A highland commune of the former Bảo Lạc district; with Khánh Xuân it grows Bảo "
                           "Lạc fragrant sticky rice. The map position is that of the Bảo Lạc area, an estimate.",
            "sights": [],
        },
    }),
    # Landmarks (places to visit), each under its commune where the facts give one.
    ("thac-ban-gioc", "Thác Bản Giốc", "landmark", "dam-thuy", "huyện Trùng Khánh", 22.855, 106.722, {
        "vi": {"description": "Thác nước trên biên giới Việt – Trung, rộng khoảng 200 m, đổ qua nhiều bậc đá.",
               "sights": []},
        "en": {"description": "A waterfall on the Vietnam–China border, about 200 m wide, falling over many "
                              "limestone steps.", "sights": []},
    }),
    ("dong-nguom-ngao", "Động Ngườm Ngao", "landmark", "dam-thuy", "huyện Trùng Khánh", 22.84, 106.70, {
        "vi": {"description": "Hang động dài 2.144 m, cách thác Bản Giốc khoảng 3 km.", "sights": []},
        "en": {"description": "A cave 2,144 m long, about 3 km from Bản Giốc waterfall.", "sights": []},
    }),
    ("pac-bo", "Pác Bó", "landmark", "truong-ha", "huyện Hà Quảng", 22.98, 106.05, {
        "vi": {"description": "Nơi Chủ tịch Hồ Chí Minh về nước và lập căn cứ năm 1941; di tích quốc gia đặc "
                              "biệt từ năm 2012.", "sights": []},
        "en": {"description": "Where Hồ Chí Minh returned and set up his base in 1941; a special national "
                              "relic since 2012.", "sights": []},
    }),
    ("phja-oac-phja-den", "Vườn quốc gia Phja Oắc – Phja Đén", "landmark", "thanh-cong", "huyện Nguyên Bình",
     22.583, 105.883, {
         "vi": {"description": "Vườn quốc gia với các đỉnh cao 1.931 m và 1.391 m, biệt thự Pháp cổ, băng giá "
                               "và có năm có tuyết vào mùa đông; vùng chè Kolia.", "sights": []},
         "en": {"description": "A national park with peaks of 1,931 m and 1,391 m, old French villas, and "
                               "frost (some years snow) in winter; Kolia's tea country.", "sights": []},
     }),
    ("ho-thang-hen", "Hồ Thang Hen", "landmark", None, "huyện Trùng Khánh (trước 2020: huyện Trà Lĩnh)",
     22.77, 106.33, {
         "vi": {"description": "Cụm 36 hồ karst nối với nhau giữa núi đá. Tên xã mới sau năm 2025 chưa được "
                               "xác minh.", "sights": []},
         "en": {"description": "A chain of 36 connected karst lakes among limestone peaks. The post-2025 "
                               "commune is not verified.", "sights": []},
     }),
    ("nui-mat-than", "Núi Mắt Thần", "landmark", None, "huyện Trùng Khánh (trước 2020: huyện Trà Lĩnh)",
     22.76, 106.34, {
         "vi": {"description": "Ngọn núi có lỗ thủng xuyên qua rộng khoảng 50 m. Tên xã mới sau năm 2025 chưa "
                               "được xác minh.", "sights": []},
         "en": {"description": "A peak pierced by a hole about 50 m across. The post-2025 commune is not "
                               "verified.", "sights": []},
     }),
)
