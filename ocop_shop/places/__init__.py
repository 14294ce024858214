"""Places: localities of Cao Bằng (communes, wards, landmarks) with coordinates and descriptions."""
