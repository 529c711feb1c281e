"""The demo's register of inspection and testing personnel (检验检测人员信息登记): a few people of different
laboratories and fields, one of them suspended and one whose registration has lapsed, so that 检验检测人员信息登记查询
shows each state."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from storage.tables import InspectionPersonnel

LAB_A = '华信检验检测中心有限公司'
LAB_B = '中正检测技术（北京）有限公司'
LAB_C = '南方建设工程质量检测有限公司'

# 登记编号, 姓名, 证件号码, 性别, 检验检测机构名称, 检测领域/专业, 登记日期, 有效期至, status
PEOPLE = (
    ('JYJC-2025-110001', '张伟', '110101198806150010', '男', LAB_A, '环境监测', date(2025, 3, 15), date(2030, 3, 14),
     'valid'),
    ('JYJC-2024-310002', '刘洋', '310110199103220025', '女', LAB_B, '食品检测', date(2024, 6, 3), date(2029, 6, 2),
     'valid'),
    ('JYJC-2025-310003', '刘洋', '310110199103220025', '女', LAB_B, '化妆品检测', date(2025, 9, 20),
     date(2030, 9, 19), 'valid'),
    ('JYJC-2022-440004', '陈晨', '440106198507080030', '男', LAB_C, '建设工程质量检测', date(2022, 11, 8),
     date(2027, 11, 7), 'suspended'),
    ('JYJC-2019-510005', '杨静', '510107199302110047', '女', LAB_A, '电子电器产品检测', date(2019, 5, 10),
     date(2024, 5, 9), 'valid'),  # lapsed: shows as 已过期
)


def load(session: Session) -> None:
    session.add_all(InspectionPersonnel(
        registration_no=number, name=name, id_number=id_number, gender=gender, employer=employer, field=field,
        registered_on=registered, valid_until=until, status=status)
        for number, name, id_number, gender, employer, field, registered, until, status in PEOPLE)
